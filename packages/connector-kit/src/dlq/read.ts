import { randomBytes } from 'node:crypto';
import { EventTypes, dlqTopic, parseEventOf, type DeadLetter } from '@cavra/contracts';
import type { EventBus, IncomingEvent } from '@cavra/bus';

/** One dead letter as read from `cavra.dlq.<connector>.v1`. */
export interface DeadLetterEntry {
  /** The dead letter's own CloudEvent id: what the replay log remembers. */
  id: string;
  time: string;
  key: string | null;
  letter: DeadLetter;
}

export interface ReadDeadLettersOptions {
  /** Only dead letters at or after this time. */
  since?: Date;
  /** Stop after this long without a new message once reading started (ms). */
  idleMs?: number;
  /** Give up waiting for a first message after this long (ms): the topic may be empty. */
  firstMessageMs?: number;
}

/**
 * Reads a connector's dead-letter topic from the beginning with a throwaway consumer group.
 * The bus port has no "end of topic", so reading ends once the topic goes quiet.
 */
export async function readDeadLetters(
  bus: EventBus,
  connector: string,
  options: ReadDeadLettersOptions = {},
): Promise<DeadLetterEntry[]> {
  const entries: DeadLetterEntry[] = [];
  await readTopic(bus, dlqTopic(connector), options, (message) => {
    const event = parseEventOf(EventTypes.deadLetter, JSON.parse(message.value));
    if (options.since && Date.parse(event.data.deadLetteredAt) < options.since.getTime()) return;
    const { id } = event;
    entries.push({ id, time: event.data.deadLetteredAt, key: message.key, letter: event.data });
  });
  return entries.sort((a, b) => a.time.localeCompare(b.time));
}

/**
 * Reads a topic from the beginning with a throwaway consumer group, until it goes quiet: the
 * bus port has no "end of topic". Kafka groups need seconds to join, so waits are longer there.
 */
export async function readTopic(
  bus: EventBus,
  topic: string,
  options: Pick<ReadDeadLettersOptions, 'idleMs' | 'firstMessageMs'>,
  onMessage: (message: IncomingEvent) => void,
): Promise<void> {
  const slow = bus.kind === 'kafka';
  const idleMs = options.idleMs ?? (slow ? 3_000 : 300);
  const firstMessageMs = options.firstMessageMs ?? (slow ? 15_000 : 1_000);
  let lastAt = 0;

  const group = `cavra-reader-${randomBytes(6).toString('hex')}`;
  const subscription = await bus.subscribe(topic, group, async (message) => {
    lastAt = Date.now();
    onMessage(message);
  });
  const startedAt = Date.now();
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const now = Date.now();
      if (lastAt === 0 ? now - startedAt > firstMessageMs : now - lastAt > idleMs) break;
    }
  } finally {
    await subscription.stop();
  }
}

/** The original event's id, when the original was an envelope at all. */
export function originalEventId(letter: DeadLetter): string | undefined {
  const original = letter.original as { id?: unknown } | null;
  return typeof original?.id === 'string' ? original.id : undefined;
}
