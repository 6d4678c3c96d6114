import type { Metrics } from '@cavra/telemetry';
import type { OutcomeListener } from './worker.ts';

/**
 * An outcome listener that counts outcomes and observes delivery latency per connector and
 * destination kind, for `/metrics`. Pass it as `onOutcome` to `startConnector(s)`.
 */
export function connectorMetricsListener(metrics: Metrics): OutcomeListener {
  const outcomes = metrics.counter(
    'connector_outcomes_total',
    'Delivery outcomes by connector, destination kind and outcome',
    ['connector', 'kind', 'outcome'],
  );
  const latency = metrics.histogram(
    'connector_delivery_seconds',
    'Time from taking an event to its delivered outcome',
    ['connector', 'kind'],
  );
  return function recordOutcomeMetrics(evidence) {
    const labels = { connector: evidence.connector, kind: evidence.destination.kind };
    outcomes.inc({ ...labels, outcome: evidence.outcome });
    if (evidence.outcome === 'delivered') latency.observe(labels, evidence.latencyMs / 1000);
  };
}
