import { EventTypes, makeEvent, type AttemptRecord, type DeadLetter } from '@cavra/contracts';
import type { EventBus, IncomingEvent } from '@cavra/bus';
import { redactMessage } from './redact-payload.ts';

/** Why an event is dead-lettered. */
export interface DeadLetterCause {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * Publishes a dead letter for `incoming` to `topic`, keyed as the source. The original is kept
 * as it came (parsed JSON, or the raw text when it was not JSON) so a replay sends the same
 * event; error messages are redacted.
 */
export async function publishDeadLetter(options: {
  bus: EventBus;
  topic: string;
  connector: string;
  tenant: string;
  incoming: IncomingEvent;
  cause: DeadLetterCause;
  attempts: AttemptRecord[];
  traceparent?: string;
}): Promise<void> {
  const { incoming, cause } = options;
  const letter: DeadLetter = {
    connector: options.connector,
    sourceTopic: incoming.topic,
    key: incoming.key,
    original: parseOrRaw(incoming.value),
    error: { code: cause.code, message: redactMessage(cause.message), retryable: cause.retryable },
    attempts: options.attempts.map((a) =>
      a.error ? { ...a, error: { ...a.error, message: redactMessage(a.error.message) } } : a,
    ),
    deadLetteredAt: new Date().toISOString(),
  };
  const event = makeEvent(EventTypes.deadLetter, letter, {
    source: `cavra/connector/${options.connector}`,
    tenant: options.tenant,
    ...(options.traceparent !== undefined && { traceparent: options.traceparent }),
  });
  await options.bus.publish(options.topic, [{ key: incoming.key ?? event.id, event }]);
}

function parseOrRaw(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
