/**
 * Bus throughput: publishes N events in batches and consumes them with one subscription, for
 * each adapter. Kafka runs against KAFKA_BROKERS, or a broker launched from the jars.
 *   pnpm exec tsx bench/bus/throughput.ts [events] [batch]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes, makeEvent } from '@cavra/contracts';
import { createEmbeddedBus, createKafkaBus, type EventBus, type OutgoingEvent } from '@cavra/bus';
import { launchKafka } from '../../deploy/kafka/launch.ts';

const total = Number(process.argv[2] ?? 5000);
const batchSize = Number(process.argv[3] ?? 100);

function events(count: number, offset: number): OutgoingEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const event = makeEvent(
      EventTypes.approval,
      {
        approvalId: `ap-${n}`,
        decisionId: `dec-${n}`,
        tenant: 'acme',
        status: 'granted',
        approver: 'bench@example.test',
        decidedAt: new Date().toISOString(),
      },
      { source: 'bench', tenant: 'acme' },
    );
    return { key: `acme:corr-${n % 64}`, event };
  });
}

interface Result {
  adapter: string;
  events: number;
  publishPerSecond: number;
  endToEndPerSecond: number;
}

async function measure(adapter: string, bus: EventBus, topic: string): Promise<Result> {
  let consumed = 0;
  let done: () => void = () => undefined;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  await bus.subscribe(topic, `bench-${Date.now()}`, async () => {
    if (++consumed === total) done();
  });
  for (let sent = 0; sent < total; sent += batchSize) {
    await bus.publish(topic, events(Math.min(batchSize, total - sent), sent));
  }
  const published = performance.now();
  await allConsumed;
  const finished = performance.now();
  await bus.close();
  return {
    adapter,
    events: total,
    publishPerSecond: Math.round(total / ((published - started) / 1000)),
    endToEndPerSecond: Math.round(total / ((finished - started) / 1000)),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-bench-bus-'));
  const results: Result[] = [];
  try {
    const embedded = createEmbeddedBus({ path: join(dir, 'bus.db') });
    results.push(await measure('embedded', embedded, 'bench.bus'));

    const local = process.env.KAFKA_BROKERS ? undefined : await launchKafka();
    const brokers = process.env.KAFKA_BROKERS?.split(',') ?? local?.brokers ?? [];
    try {
      const kafka = createKafkaBus({ brokers, clientId: 'bench' });
      results.push(await measure('kafka', kafka, `bench.bus.${Date.now()}`));
    } finally {
      await local?.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(results);
}

await main();
