import { describe, expect, it } from 'vitest';
import { kafkaBrokers, launchPrivateBroker, uniqueTopic } from '../../../test/support/kafka.ts';
import { createBus, createKafkaBus } from '../src/index.ts';
import { busContract, labelOf, outgoing, waitFor } from './contract.ts';

busContract('kafka (kafkajs, real broker)', {
  open: async () => createKafkaBus({ brokers: kafkaBrokers(), clientId: 'bus-contract' }),
  // The group reassigns the killed member's partitions after its session timeout.
  crashConfig: () => ({ kind: 'kafka', brokers: kafkaBrokers(), sessionTimeoutMs: 6000 }),
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
    const bus = createKafkaBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'nobody-home',
      retry: { retries: 1, initialRetryTime: 50 },
    });
    await expect(bus.publish('cavra.test.none', [outgoing('k', 'v')])).rejects.toMatchObject({
      code: 'publish_failed',
      retryable: true,
    });
    await bus.close();
  });
});

describe('kafka bus across a broker outage', () => {
  it('fails publishes retryably while Kafka is down, then recovers', async () => {
    const broker = await launchPrivateBroker();
    const bus = createKafkaBus({
      brokers: broker.brokers,
      clientId: 'outage',
      retry: { retries: 2, initialRetryTime: 100 },
    });
    try {
      const topic = uniqueTopic('cavra.test.outage');
      const seen: string[] = [];
      await bus.subscribe(topic, uniqueTopic('group'), async (e) => void seen.push(labelOf(e)));
      await bus.publish(topic, [outgoing('acme:o', 'before')]);
      await waitFor(() => seen.length === 1, 45_000, 'the event before the outage');

      await broker.stop();
      await expect(bus.publish(topic, [outgoing('acme:o', 'lost')])).rejects.toMatchObject({
        code: 'publish_failed',
        retryable: true,
      });

      await broker.start();
      await publishUntilAccepted(() => bus.publish(topic, [outgoing('acme:o', 'after')]));
      await waitFor(() => seen.includes('after'), 60_000, 'the event after the outage');
      expect(seen).toEqual(['before', 'after']);
    } finally {
      await bus.close();
      await broker.destroy();
    }
  }, 180_000);
});

/** Retries a publish the way an outbox relay does, bounded. */
async function publishUntilAccepted(publish: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await publish();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
