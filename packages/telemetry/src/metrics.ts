import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  /** Prefix of every metric name (default `cavra_`). */
  prefix?: string;
  /** Labels added to every series, e.g. `{ service: 'decision' }`. */
  defaultLabels?: Record<string, string>;
  /** Also collect Node.js process metrics (default true). */
  processMetrics?: boolean;
}

/** A registry of one service's metrics, with get-or-create helpers and `/metrics` text. */
export interface Metrics {
  readonly registry: Registry;
  /** The `Content-Type` of `text()`. */
  readonly contentType: string;
  counter<L extends string = string>(name: string, help: string, labels?: L[]): Counter<L>;
  gauge<L extends string = string>(name: string, help: string, labels?: L[]): Gauge<L>;
  histogram<L extends string = string>(
    name: string,
    help: string,
    labels?: L[],
    buckets?: number[],
  ): Histogram<L>;
  /** The Prometheus text exposition of every metric. */
  text(): Promise<string>;
}

/** Latency buckets in seconds, from 1 ms to 30 s: deliveries to SaaS APIs sit in the middle. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Creates a metrics registry of its own (not prom-client's global one, so several services can
 * share a process). Asking twice for the same name returns the same metric.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? 'cavra_';
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });

  function existing<M>(name: string): M | undefined {
    return registry.getSingleMetric(prefix + name) as M | undefined;
  }

  return {
    registry,
    contentType: registry.contentType,
    counter(name, help, labels = []) {
      return (
        existing(name) ??
        new Counter({ name: prefix + name, help, labelNames: labels, registers: [registry] })
      );
    },
    gauge(name, help, labels = []) {
      return (
        existing(name) ??
        new Gauge({ name: prefix + name, help, labelNames: labels, registers: [registry] })
      );
    },
    histogram(name, help, labels = [], buckets = LATENCY_BUCKETS) {
      return (
        existing(name) ??
        new Histogram({
          name: prefix + name,
          help,
          labelNames: labels,
          buckets,
          registers: [registry],
        })
      );
    },
    text: () => registry.metrics(),
  };
}
