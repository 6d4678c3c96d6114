import type { CloudEventEnvelope } from '@cavra/contracts';
import type { EventBus } from '@cavra/bus';
import { replayTopic } from '../topics.ts';
import { originalEventId, type DeadLetterEntry } from './read.ts';
import type { ReplayLog } from './replay-log.ts';

/** What happened to one dead letter in a replay. */
export type ReplayStep =
  | { entry: DeadLetterEntry; action: 'replayed' | 'would_replay' }
  | { entry: DeadLetterEntry; action: 'skipped'; reason: string };

export interface ReplayOptions {
  bus: EventBus;
  connector: string;
  entries: DeadLetterEntry[];
  log: ReplayLog;
  /** Replay even dead letters the log says were replayed already. */
  force?: boolean;
  dryRun?: boolean;
  onStep?: (step: ReplayStep, index: number, total: number) => void;
}

/**
 * Publishes the original events of `entries` to the connector's replay topic, which only that
 * connector's worker reads, and records each in the replay log. The worker's delivery keys
 * still apply: an event that did reach the destination is suppressed, not sent twice.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayStep[]> {
  const steps: ReplayStep[] = [];
  const topic = replayTopic(options.connector);
  for (const [index, entry] of options.entries.entries()) {
    const step = await replayOne(options, entry, topic);
    steps.push(step);
    options.onStep?.(step, index, options.entries.length);
  }
  return steps;
}

async function replayOne(
  options: ReplayOptions,
  entry: DeadLetterEntry,
  topic: string,
): Promise<ReplayStep> {
  const original = entry.letter.original;
  if (typeof original !== 'object' || original === null || Array.isArray(original)) {
    return { entry, action: 'skipped', reason: 'the original is not a JSON object' };
  }
  const previous = await options.log.replayedAt(options.connector, entry.id);
  if (previous && !options.force) {
    return { entry, action: 'skipped', reason: `already replayed at ${previous} (use --force)` };
  }
  if (options.dryRun) return { entry, action: 'would_replay' };

  const event = original as CloudEventEnvelope;
  const key = entry.letter.key ?? entry.key ?? originalEventId(entry.letter) ?? entry.id;
  await options.bus.publish(topic, [{ key, event }]);
  await options.log.record(options.connector, entry.id, originalEventId(entry.letter));
  return { entry, action: 'replayed' };
}
