import { describe, expect, it } from 'vitest';
import { kafkaBrokers, uniqueTopic } from '../../../test/support/kafka.ts';
import { createBus, createKafkaBus } from '../src/index.ts';
import { busContract, labelOf, outgoing, waitFor } from './contract.ts';

busContract('kafka (kafkajs, real broker)', {
  open: async () => createKafkaBus({ brokers: kafkaBrokers(), clientId: 'bus-contract' }),
  topic: () => uniqueTopic('cavra.test.bus'),
  waitMs: 45_000,
});

describe('kafka bus specifics', () => {
  it('creates missing topics with 3 partitions and spreads keys over them', async () => {
    const bus = createBus({ kind: 'kafka', brokers: kafkaBrokers() });
    const topic = uniqueTopic('cavra.test.bus');
    const partitions = new Set<number>();
    const seen: string[] = [];
    await bus.subscribe(topic, uniqueTopic('group'), async (event) => {
      partitions.add(event.partition);
      seen.push(labelOf(event));
    });
    const keys = Array.from({ length: 30 }, (_, i) => `acme:spread-${i}`);
    await bus.publish(
      topic,
      keys.map((key) => outgoing(key, key)),
    );

    await waitFor(() => seen.length === 30, 45_000, '30 events');
    expect([...partitions].sort()).toEqual([0, 1, 2]);
    await bus.close();
  });

  it('fails a publish with a retryable BusError when no broker answers', async () => {
    const bus = createKafkaBus({ brokers: ['127.0.0.1:1'], clientId: 'nobody-home' });
    await expect(bus.publish('cavra.test.none', [outgoing('k', 'v')])).rejects.toMatchObject({
      code: 'publish_failed',
      retryable: true,
    });
    await bus.close();
  });
});
