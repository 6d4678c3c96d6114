import { withSpanFromTraceparent } from '@cavra/telemetry';
import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventHandler, IncomingEvent, SubscribeOptions, Subscription } from '../port.ts';

export interface KafkaSubscriptionParams {
  kafka: Kafka;
  topic: string;
  group: string;
  handler: EventHandler;
  options: SubscribeOptions;
  fetchMaxWaitMs: number;
  sessionTimeoutMs: number;
  logger: Logger;
  onStopped: (subscription: Subscription) => void;
}

/**
 * One kafkajs consumer in `group` reading `topic`. Offsets are committed one by one after the
 * handler resolved. When the handler throws, the consumer pauses at once, commits nothing more,
 * and leaves the group, so the failed event (and those after it) go to the next member.
 */
export async function startKafkaSubscription(
  params: KafkaSubscriptionParams,
): Promise<Subscription> {
  const { kafka, topic, group, handler, options, logger } = params;
  const consumer = kafka.consumer({
    groupId: group,
    allowAutoTopicCreation: true,
    maxWaitTimeInMs: params.fetchMaxWaitMs,
    sessionTimeout: params.sessionTimeoutMs,
    heartbeatInterval: Math.max(500, Math.floor(params.sessionTimeoutMs / 10)),
  });
  let failed = false;
  let stopping: Promise<void> | undefined;

  const subscription: Subscription = {
    stop() {
      stopping ??= consumer.disconnect().finally(() => params.onStopped(subscription));
      return stopping;
    },
  };

  async function eachMessage(payload: EachMessagePayload): Promise<void> {
    const { partition, message, pause } = payload;
    if (failed) {
      // Later partitions' batches still arrive until the consumer leaves: leave them unread.
      pause();
      return;
    }
    const event = toIncoming(payload);
    try {
      await withSpanFromTraceparent(event.headers.traceparent, `consume ${topic}`, () =>
        handler(event),
      );
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
    } catch (err) {
      failed = true;
      pause();
      logger.warn({ err, topic, group, partition, offset: message.offset }, 'handler failed');
      options.onError?.(err);
      // Disconnecting waits for this handler to return, so it must not be awaited here.
      setImmediate(() => void subscription.stop());
    }
  }

  await connectAndRun(consumer, topic, options, eachMessage);
  return subscription;
}

async function connectAndRun(
  consumer: Consumer,
  topic: string,
  options: SubscribeOptions,
  eachMessage: (payload: EachMessagePayload) => Promise<void>,
): Promise<void> {
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({ autoCommit: false, eachMessage });
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
}

function toIncoming({ topic, partition, message }: EachMessagePayload): IncomingEvent {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? '',
    headers: headerStrings(message.headers),
    timestamp: new Date(Number(message.timestamp)).toISOString(),
  };
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
