import { describe, expect, it } from 'vitest';
import { createMetrics } from '@cavra/telemetry';
import { buildEvidence, connectorMetricsListener } from '../src/index.ts';

describe('connectorMetricsListener', () => {
  it('counts outcomes and observes delivered latency', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const listen = connectorMetricsListener(metrics);
    const facts = {
      eventId: 'e1',
      eventType: 'dev.cavra.decision.v1',
      tenant: 'acme',
      connector: 'siem',
      destination: { kind: 'file', name: 'siem.ndjson', host: 'h' },
      attempt: 1,
      payloadSha256: 'a'.repeat(64),
      redactions: [],
      startedAt: new Date(Date.now() - 20),
      traceId: '1'.repeat(32),
    };
    await listen(buildEvidence({ ...facts, outcome: 'delivered' }));
    await listen(buildEvidence({ ...facts, outcome: 'duplicate_suppressed' }));

    const text = await metrics.text();
    expect(text).toContain(
      'cavra_connector_outcomes_total{connector="siem",kind="file",outcome="delivered"} 1',
    );
    expect(text).toContain(
      'cavra_connector_delivery_seconds_count{connector="siem",kind="file"} 1',
    );
  });
});
