import { withSpanFromTraceparent } from '@cavra/telemetry';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
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

/** Handled offsets are committed at the end of each fetched batch and every this many events. */
const COMMIT_EVERY = 100;

/**
 * One kafkajs consumer in `group` reading `topic`. The handler sees one event at a time, in
 * order per partition; an event's offset is committed only after its handler resolved (in
 * groups: at the end of each fetched batch and every `COMMIT_EVERY` events, one commit instead
 * of one per event). When the handler throws, what was handled before is committed, the failed
 * event is not, and the consumer leaves the group, so that event goes to the next member.
 */
export async function startKafkaSubscription(
  params: KafkaSubscriptionParams,
): Promise<Subscription> {
  const subscription = new KafkaSubscription(params);
  await connectAndRun(subscription.consumer, params.topic, params.options, (payload) =>
    subscription.eachBatch(payload),
  );
  return subscription;
}

class KafkaSubscription implements Subscription {
  readonly consumer: Consumer;
  private failed = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly params: KafkaSubscriptionParams) {
    this.consumer = params.kafka.consumer({
      groupId: params.group,
      allowAutoTopicCreation: true,
      maxWaitTimeInMs: params.fetchMaxWaitMs,
      sessionTimeout: params.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(params.sessionTimeoutMs / 10)),
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.consumer.disconnect().finally(() => this.params.onStopped(this));
    return this.stopping;
  }

  async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale, resolveOffset, heartbeat } = payload;
    let handled: string | undefined;
    for (const [index, message] of batch.messages.entries()) {
      // Stop early on stop(), on a rebalance (the partition may be someone else's), or a failure.
      if (this.failed || !isRunning() || isStale()) break;
      if (!(await this.handle(batch.partition, message))) {
        await this.commit(batch.partition, handled);
        payload.pause();
        // Disconnecting waits for this batch to return, so it must not be awaited here.
        setImmediate(() => void this.stop());
        return;
      }
      handled = message.offset;
      resolveOffset(message.offset);
      if ((index + 1) % COMMIT_EVERY === 0) {
        await this.commit(batch.partition, handled);
        handled = undefined;
        await heartbeat();
      }
    }
    await this.commit(batch.partition, handled);
  }

  /** Runs the handler in a span continued from the event; false when it threw. */
  private async handle(partition: number, message: KafkaMessage): Promise<boolean> {
    const { topic, group, handler, logger, options } = this.params;
    const event = toIncoming(topic, partition, message);
    try {
      await withSpanFromTraceparent(event.headers.traceparent, `consume ${topic}`, () =>
        handler(event),
      );
      return true;
    } catch (err) {
      this.failed = true;
      logger.warn({ err, topic, group, partition, offset: message.offset }, 'handler failed');
      options.onError?.(err);
      return false;
    }
  }

  /** Commits the offset after `handled`, the last event whose handler resolved. */
  private async commit(partition: number, handled: string | undefined): Promise<void> {
    if (handled === undefined) return;
    const { topic, group, logger } = this.params;
    const offset = (BigInt(handled) + 1n).toString();
    try {
      await this.consumer.commitOffsets([{ topic, partition, offset }]);
    } catch (err) {
      // Typically a rebalance: the events come again to whoever owns the partition next.
      logger.warn({ err, topic, group, partition, offset }, 'commit failed');
    }
  }
}

async function connectAndRun(
  consumer: Consumer,
  topic: string,
  options: SubscribeOptions,
  eachBatch: (payload: EachBatchPayload) => Promise<void>,
): Promise<void> {
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingEvent {
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
