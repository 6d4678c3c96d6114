import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { startControlServer } from './control-server.ts';
import { kafkaBrokers, launchPrivateBroker, uniqueTopic } from './kafka.ts';

function admin(brokers: string[]) {
  return new Kafka({ clientId: 'support-test', brokers, logLevel: logLevel.NOTHING }).admin();
}

async function produceOne(brokers: string[], topic: string): Promise<void> {
  const producer = new Kafka({
    clientId: 'support-test',
    brokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v' }] });
  await producer.disconnect();
}

async function messageCount(brokers: string[], topic: string): Promise<number> {
  const client = admin(brokers);
  await client.connect();
  const offsets = await client.fetchTopicOffsets(topic);
  await client.disconnect();
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

describe('the test Kafka broker', () => {
  it('answers and auto-creates topics with 3 partitions', async () => {
    const topic = uniqueTopic();
    await produceOne(kafkaBrokers(), topic);
    const client = admin(kafkaBrokers());
    await client.connect();
    const metadata = await client.fetchTopicMetadata({ topics: [topic] });
    await client.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('restarts through the control endpoint on the same port, keeping its data', async () => {
    // A private broker: restarting the shared one would disturb other test files.
    const broker = await launchPrivateBroker();
    const control = await startControlServer(broker);
    try {
      const topic = uniqueTopic();
      await produceOne(broker.brokers, topic);
      const response = await fetch(`${control.url}/kafka/restart`, { method: 'POST' });
      expect(response.status).toBe(204);
      expect(await messageCount(broker.brokers, topic)).toBe(1);
      expect((await fetch(`${control.url}/kafka/nope`, { method: 'POST' })).status).toBe(404);
    } finally {
      await control.close();
      await broker.destroy();
    }
  }, 120_000);
});
