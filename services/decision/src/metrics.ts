import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The decision service's Prometheus metrics, on one registry served at `/metrics`. */
export interface DecisionMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly decisions: Counter<'outcome'>;
  readonly failClosed: Counter<'cause'>;
  readonly relayPublished: Counter;
  readonly relayFailures: Counter;
  /** Reports the outbox backlog on every scrape by asking `read`. */
  trackBacklog(read: () => Promise<number>): void;
}

/**
 * Creates the metrics on `registry` (a fresh one by default, so two services in one process,
 * as in tests, never clash on metric names).
 */
export function createDecisionMetrics(registry: Registry = new Registry()): DecisionMetrics {
  let readBacklog: (() => Promise<number>) | undefined;
  const registers = [registry];
  new Gauge({
    name: 'cavra_outbox_backlog',
    help: 'Decisions stored but not yet published to the bus',
    registers,
    async collect() {
      if (!readBacklog) return;
      try {
        this.set(await readBacklog());
      } catch {
        // A store that is down cannot report its backlog; /readyz says so, the scrape goes on.
      }
    },
  });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'cavra_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    decisions: new Counter({
      name: 'cavra_decisions_total',
      help: 'Decisions made, by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    failClosed: new Counter({
      name: 'cavra_decisions_fail_closed_total',
      help: 'Decisions that failed closed, by cause (policy or store)',
      labelNames: ['cause'],
      registers,
    }),
    relayPublished: new Counter({
      name: 'cavra_outbox_published_total',
      help: 'Outbox events published to the bus',
      registers,
    }),
    relayFailures: new Counter({
      name: 'cavra_outbox_relay_failures_total',
      help: 'Failed relay attempts (bus or store unavailable)',
      registers,
    }),
    trackBacklog(read) {
      readBacklog = read;
    },
  };
}
