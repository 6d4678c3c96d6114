export { originalEventId, readDeadLetters, readTopic } from './read.ts';
export type { DeadLetterEntry, ReadDeadLettersOptions } from './read.ts';
export { openReplayLog, type ReplayLog } from './replay-log.ts';
export { replayDeadLetters, type ReplayOptions, type ReplayStep } from './replay.ts';
