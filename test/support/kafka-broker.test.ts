import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaBrokers, restartBroker, uniqueTopic } from './kafka.ts';

function client() {
  return new Kafka({
    clientId: 'support-test',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
}

describe('the test Kafka broker', () => {
  it('answers, auto-creates 3-partition topics, keeps data across a restart', async () => {
    const topic = uniqueTopic();
    const producer = client().producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before restart' }] });
    await producer.disconnect();

    const admin = client().admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
    await admin.disconnect();

    await restartBroker();

    const admin2 = client().admin();
    await admin2.connect();
    const offsets = await admin2.fetchTopicOffsets(topic);
    await admin2.disconnect();
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    expect(total).toBe(1);
  });
});
