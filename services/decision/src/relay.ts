import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { EventBus, OutgoingEvent } from '@cavra/bus';
import type { Logger } from 'pino';
import type { DecisionMetrics } from './metrics.ts';
import type { DecisionStore, OutboxRow } from './store/port.ts';

export interface RelayOptions {
  store: DecisionStore;
  bus: EventBus;
  logger: Logger;
  metrics?: DecisionMetrics;
  /** Rows published per bus call (default 200). */
  batchSize?: number;
  /**
   * After a partial batch, wait this long for more rows before the next read (default 5 ms),
   * so a steady stream of decisions is published in batches rather than one bus call each.
   */
  lingerMs?: number;
  /** How often an idle relay looks for rows it was not woken for (default 1000 ms). */
  pollIntervalMs?: number;
  /** First and longest wait between failed attempts (default 100 ms and 5000 ms). */
  backoff?: { initialMs?: number; maxMs?: number };
}

/** Whether the last relay attempt reached the bus. */
export type RelayState = 'starting' | 'up' | 'down' | 'stopped';

/**
 * Publishes outbox rows to the bus in insertion order, then marks them published. Woken right
 * after an insert for low latency and by a timer as a safety net. While the bus (or store) is
 * down it retries with capped exponential backoff and logs the outage once, not per attempt.
 *
 * Guarantee: every stored decision is published at least once; a crash between publish and
 * mark re-publishes the same rows under the same event ids, which consumers deduplicate.
 */
export class OutboxRelay {
  readonly #store: DecisionStore;
  readonly #bus: EventBus;
  readonly #logger: Logger;
  readonly #metrics: DecisionMetrics | undefined;
  readonly #batchSize: number;
  readonly #pollIntervalMs: number;
  readonly #lingerMs: number;
  readonly #backoffFactory: ExponentialBackoff<unknown>;
  #state: RelayState = 'starting';
  #backoff: IBackoff<unknown> | undefined;
  #outage: { since: number; attempts: number } | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  #loop: Promise<void> | undefined;
  #published = 0;

  constructor(options: RelayOptions) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#batchSize = options.batchSize ?? 200;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#lingerMs = options.lingerMs ?? 5;
    this.#backoffFactory = new ExponentialBackoff({
      initialDelay: options.backoff?.initialMs ?? 100,
      maxDelay: options.backoff?.maxMs ?? 5000,
    });
  }

  get state(): RelayState {
    return this.#state;
  }

  /** Events published since start. */
  get published(): number {
    return this.#published;
  }

  start(): void {
    if (this.#loop) return;
    this.#loop = this.#run();
  }

  /** Asks the relay to look at the outbox now (called after each insert). */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops after the attempt in flight; rows left unpublished wait for the next start. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
  }

  #stopping(): boolean {
    return this.#state === 'stopped';
  }

  async #run(): Promise<void> {
    while (this.#state !== 'stopped') {
      const result = await this.#cycle();
      if (this.#stopping()) break;
      if (result === 'failed') await this.#sleep(this.#nextBackoff(), false);
      else if (result === 'idle') await this.#sleep(this.#pollIntervalMs, true);
      else if (result === 'partial' && this.#lingerMs > 0) await this.#sleep(this.#lingerMs, false);
    }
  }

  /** One attempt: read a batch, publish it, mark it. */
  async #cycle(): Promise<'full' | 'partial' | 'idle' | 'failed'> {
    this.#woken = false;
    try {
      const rows = await this.#store.claimUnpublished(this.#batchSize);
      if (rows.length === 0) {
        this.#recovered();
        return 'idle';
      }
      await this.#publish(rows);
      await this.#store.markPublished(rows.map((r) => r.id));
      this.#published += rows.length;
      this.#metrics?.relayPublished.inc(rows.length);
      this.#recovered();
      return rows.length < this.#batchSize ? 'partial' : 'full';
    } catch (err) {
      this.#failed(err);
      return 'failed';
    }
  }

  /** Publishes consecutive rows of one topic together, so insertion order is kept. */
  async #publish(rows: OutboxRow[]): Promise<void> {
    let start = 0;
    while (start < rows.length) {
      const topic = rows[start]?.topic;
      let end = start;
      while (end < rows.length && rows[end]?.topic === topic) end += 1;
      const events: OutgoingEvent[] = rows
        .slice(start, end)
        .map((row) => ({ key: row.key, event: row.event }));
      if (topic !== undefined) await this.#bus.publish(topic, events);
      start = end;
    }
  }

  #failed(err: unknown): void {
    this.#metrics?.relayFailures.inc();
    if (this.#outage) {
      this.#outage.attempts += 1;
      return;
    }
    this.#outage = { since: Date.now(), attempts: 1 };
    if (this.#state !== 'stopped') this.#state = 'down';
    this.#logger.warn(
      { err, bus: this.#bus.kind },
      'outbox relay cannot publish; decisions stay in the outbox and are retried with backoff',
    );
  }

  #recovered(): void {
    this.#backoff = undefined;
    if (this.#state !== 'stopped') this.#state = 'up';
    if (!this.#outage) return;
    const { since, attempts } = this.#outage;
    this.#outage = undefined;
    this.#logger.info(
      { downMs: Date.now() - since, failedAttempts: attempts, bus: this.#bus.kind },
      'outbox relay publishing again',
    );
  }

  #nextBackoff(): number {
    this.#backoff = this.#backoff ? this.#backoff.next(undefined) : this.#backoffFactory.next();
    return this.#backoff.duration;
  }

  /** Waits `ms`; a wake ends the wait early only when `wakeable` (not during backoff). */
  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (wakeable && this.#woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = () => {
        if (wakeable || this.#state === 'stopped') done();
      };
    });
  }
}
