import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { BusError, checkName } from '../errors.ts';
import { toWireMessage } from '../headers.ts';
import type {
  EventBus,
  EventHandler,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from '../port.ts';
import { LogStore } from './log-store.ts';
import { startEmbeddedSubscription } from './subscription.ts';

export interface EmbeddedBusOptions {
  /** The SQLite file of the log, e.g. `.cavra/bus.db` (created with its folder). */
  path: string;
  logger?: Logger;
  /** Partitions of new topics (default 3). */
  partitions?: number;
  /** How often an idle subscription looks for events appended by other processes (default 50). */
  pollIntervalMs?: number;
  /** How long a group's lease on a topic outlives its holder's last renewal (default 10 s). */
  leaseMs?: number;
  /** Events read per partition per pass (default 100). */
  batchSize?: number;
}

/** Wakes subscriptions in this process when any bus here appends to the same file. */
const appendedByFile = new Map<string, EventEmitter>();

function emitterFor(path: string): EventEmitter {
  const key = path === ':memory:' ? `memory:${Math.random()}` : resolve(path);
  let emitter = appendedByFile.get(key);
  if (!emitter) {
    emitter = new EventEmitter().setMaxListeners(0);
    appendedByFile.set(key, emitter);
  }
  return emitter;
}

/**
 * The embedded adapter of the bus port: a durable log in one SQLite file, for the
 * single-process default where no broker is wanted. Same guarantees as Kafka: at-least-once,
 * order per key, offsets per consumer group that survive a restart.
 */
export function createEmbeddedBus(options: EmbeddedBusOptions): EventBus {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = new LogStore(options.path, options.partitions ?? 3);
  return new EmbeddedBus(store, emitterFor(options.path), options, logger);
}

class EmbeddedBus implements EventBus {
  readonly kind = 'embedded';
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly store: LogStore,
    private readonly appended: EventEmitter,
    private readonly options: EmbeddedBusOptions,
    private readonly logger: Logger,
  ) {}

  async publish(topic: string, events: OutgoingEvent[]): Promise<void> {
    this.assertOpen();
    checkName('topic', topic);
    if (events.length === 0) return;
    try {
      this.store.append(topic, events.map(toWireMessage));
    } catch (err) {
      // SQLITE_BUSY after the busy timeout is worth retrying; anything else is not.
      const retryable = (err as { code?: unknown }).code === 'SQLITE_BUSY';
      throw new BusError(
        'publish_failed',
        `publish to ${topic} failed: ${String(err)}`,
        retryable,
        {
          cause: err,
        },
      );
    }
    this.appended.emit('appended', topic);
  }

  async subscribe(
    topic: string,
    group: string,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    this.assertOpen();
    checkName('topic', topic);
    checkName('group', group);
    const subscription = startEmbeddedSubscription({
      store: this.store,
      appended: this.appended,
      topic,
      group,
      handler,
      options,
      logger: this.logger,
      pollIntervalMs: this.options.pollIntervalMs ?? 50,
      leaseMs: this.options.leaseMs ?? 10_000,
      batchSize: this.options.batchSize ?? 100,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Stops every subscription (in-flight handlers finish and commit), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.store.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new BusError('bus_closed', 'the bus is closed', false);
  }
}
