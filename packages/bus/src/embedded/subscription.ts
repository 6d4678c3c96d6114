import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { withSpanFromTraceparent } from '@cavra/telemetry';
import type { Logger } from 'pino';
import type { EventHandler, IncomingEvent, SubscribeOptions, Subscription } from '../port.ts';
import type { LogStore, StoredEvent } from './log-store.ts';

export interface EmbeddedSubscriptionParams {
  store: LogStore;
  /** Emits `topic` names as they are appended to, to wake idle subscriptions early. */
  appended: EventEmitter;
  topic: string;
  group: string;
  handler: EventHandler;
  options: SubscribeOptions;
  logger: Logger;
  pollIntervalMs: number;
  leaseMs: number;
  batchSize: number;
  onStopped: (subscription: Subscription) => void;
}

/**
 * One member of `group` on `topic`. A group has one active member per topic at a time, chosen
 * by a lease row in the log file (renewed while the member runs, released on stop, and taken
 * over by a waiting member once it expires when the holder died without releasing it).
 */
export function startEmbeddedSubscription(params: EmbeddedSubscriptionParams): Subscription {
  return new EmbeddedSubscription(params);
}

class EmbeddedSubscription implements Subscription {
  private readonly owner = randomUUID();
  private running = true;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;
  private readonly onAppended = (topic: string): void => {
    if (topic === this.params.topic) this.wake?.();
  };

  constructor(private readonly params: EmbeddedSubscriptionParams) {
    params.appended.on('appended', this.onAppended);
    this.loop = this.run()
      .catch((err: unknown) => {
        const { logger, topic, group } = params;
        logger.error({ err, topic, group }, 'embedded subscription stopped on a store error');
        params.options.onError?.(err);
      })
      .finally(() => {
        this.running = false;
        params.appended.off('appended', this.onAppended);
        params.onStopped(this);
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { store, topic, group, leaseMs } = this.params;
    const positions = new Map<number, number>();
    let renewedAt = 0;
    while (this.running) {
      // Renewing on every poll would write to the file 20 times a second per idle subscription.
      if (Date.now() - renewedAt > leaseMs / 3) {
        if (!store.lease(group, topic, this.owner, leaseMs)) {
          positions.clear(); // another member may commit meanwhile: re-read offsets on takeover
          await this.idle();
          continue;
        }
        renewedAt = Date.now();
      }
      const outcome = await deliverAvailable(this.params, positions, () => this.running);
      if (outcome === 'failed') break;
      if (outcome === 'idle') await this.idle();
    }
    store.releaseLease(group, topic, this.owner);
  }

  /** Waits one poll interval, or less when this process appends to the topic. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.params.pollIntervalMs);
      this.wake = done;
    });
  }
}

type BatchOutcome = 'delivered' | 'idle' | 'failed';

/** Delivers what is available on each partition, in offset order, committing one by one. */
async function deliverAvailable(
  params: EmbeddedSubscriptionParams,
  positions: Map<number, number>,
  isRunning: () => boolean,
): Promise<BatchOutcome> {
  const { store, topic, group } = params;
  let delivered = false;
  for (let partition = 0; partition < store.partitions(topic); partition++) {
    const from = positions.get(partition) ?? startOffset(params, partition);
    for (const row of store.read(topic, partition, from, params.batchSize)) {
      if (!isRunning()) return 'delivered';
      const ok = await handleOne(params, row);
      if (!ok) return 'failed';
      store.commit(group, topic, partition, row.offset + 1);
      positions.set(partition, row.offset + 1);
      delivered = true;
    }
    positions.set(partition, positions.get(partition) ?? from);
  }
  return delivered ? 'delivered' : 'idle';
}

function startOffset(params: EmbeddedSubscriptionParams, partition: number): number {
  const committed = params.store.committed(params.group, params.topic, partition);
  if (committed !== undefined) return committed;
  return (params.options.fromBeginning ?? true)
    ? 0
    : params.store.endOffset(params.topic, partition);
}

async function handleOne(params: EmbeddedSubscriptionParams, row: StoredEvent): Promise<boolean> {
  const event = toIncoming(row);
  try {
    await withSpanFromTraceparent(event.headers.traceparent, `consume ${row.topic}`, () =>
      params.handler(event),
    );
    return true;
  } catch (err) {
    const { topic, group, logger } = params;
    logger.warn(
      { err, topic, group, partition: row.partition, offset: row.offset },
      'handler failed',
    );
    params.options.onError?.(err);
    return false;
  }
}

function toIncoming(row: StoredEvent): IncomingEvent {
  return {
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    key: row.key,
    value: row.value,
    headers: JSON.parse(row.headers) as Record<string, string>,
    timestamp: row.timestamp,
  };
}
