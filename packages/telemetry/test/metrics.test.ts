import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/index.ts';

describe('createMetrics', () => {
  it('exposes counters and histograms in Prometheus text, with default labels', async () => {
    const metrics = createMetrics({ defaultLabels: { service: 'test' }, processMetrics: false });
    const deliveries = metrics.counter('deliveries_total', 'Deliveries by outcome', ['outcome']);
    deliveries.inc({ outcome: 'delivered' });
    deliveries.inc({ outcome: 'delivered' });
    metrics.histogram('delivery_seconds', 'Delivery latency').observe(0.2);

    expect(metrics.counter('deliveries_total', 'again')).toBe(deliveries);
    const text = await metrics.text();
    expect(text).toContain('cavra_deliveries_total{outcome="delivered",service="test"} 2');
    expect(text).toContain('cavra_delivery_seconds_bucket{le="0.25",service="test"} 1');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('keeps registries apart, so two services in one process do not collide', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.counter('x_total', 'x').inc();
    expect(await b.text()).not.toContain('cavra_x_total');
  });
});
