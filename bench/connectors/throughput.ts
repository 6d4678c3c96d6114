/**
 * Connector throughput: N decisions published, then one connector worker (file, or webhook to a
 * loopback peer) delivers them all, with evidence and delivery keys, through the whole pipeline.
 * Embedded bus always; Kafka against KAFKA_BROKERS or a broker launched from the jars.
 *   pnpm exec tsx bench/connectors/throughput.ts [events] [--no-kafka]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes, makeEvent, type Decision } from '@cavra/contracts';
import { createEmbeddedBus, createKafkaBus, type EventBus } from '@cavra/bus';
import { ConnectorConfig } from '@cavra/config';
import { openSqliteDeliveryKeys, startConnector } from '@cavra/connector-kit';
import { createLogger } from '@cavra/telemetry';
import { launchKafka } from '../../deploy/kafka/launch.ts';
import { startWebhookPeer } from '../../test/peers/webhook/index.ts';

const total = Number(process.argv[2] ?? 2000);
const withKafka = !process.argv.includes('--no-kafka');
const SECRET = 'fake-bench-webhook-secret';

function decision(n: number, tenant: string) {
  const data: Decision = {
    decisionId: `dec-${n}`,
    correlationId: `corr-${n}`,
    sessionId: 'bench',
    tenant,
    agent: { id: 'bench-agent' },
    actor: 'bench@example.test',
    action: {
      type: 'execute_command',
      target: 'shell',
      operation: 'run',
      command: `make test-${n}`,
    },
    outcome: 'block',
    mode: 'enforce',
    policy: {
      pack: 'cavra-baseline',
      version: '1',
      digest: `sha256:${'c'.repeat(64)}`,
      ruleId: 'r',
    },
    severity: 'high',
    reason: 'bench',
    evidenceRefs: [],
    decidedAt: new Date().toISOString(),
  };
  return makeEvent(EventTypes.decision, data, { source: 'bench', tenant, id: `${tenant}-${n}` });
}

async function measure(bus: EventBus, kind: 'file' | 'webhook', dir: string) {
  const tenant = `bench-${kind}-${Date.now().toString(36)}`;
  const topics = { decisions: `bench.decisions.${tenant}`, evidence: `bench.evidence.${tenant}` };
  for (let i = 0; i < total; i += 200) {
    const batch = Array.from({ length: Math.min(200, total - i) }, (_, j) =>
      decision(i + j, tenant),
    );
    await bus.publish(
      topics.decisions,
      batch.map((event) => ({ key: `${tenant}:${event.id}`, event })),
    );
  }
  const peer = kind === 'webhook' ? await startWebhookPeer({ secret: SECRET }) : undefined;
  const fields =
    kind === 'file'
      ? { path: join(dir, `${tenant}.ndjson`) }
      : { url: peer?.url, secret: SECRET, timeoutMs: 5000 };
  const deliveryKeys = await openSqliteDeliveryKeys(join(dir, `${tenant}.keys.db`));
  let delivered = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));

  const startedAt = performance.now();
  const connector = await startConnector({
    config: ConnectorConfig.parse({ name: tenant, kind, tenant, ...fields }),
    bus,
    deliveryKeys,
    logger: createLogger({ name: 'bench', level: 'warn' }),
    topics,
    policy: { ratePerSecond: 1_000_000, burst: 1_000_000 },
    onOutcome(evidence) {
      if (evidence.outcome === 'delivered' && ++delivered === total) done();
    },
  });
  await finished;
  const seconds = (performance.now() - startedAt) / 1000;
  await connector.stop();
  await deliveryKeys.close();
  await peer?.close();
  return { adapter: bus.kind, kind, events: total, perSecond: Math.round(total / seconds) };
}

const dir = mkdtempSync(join(tmpdir(), 'cavra-bench-conn-'));
const results = [];
try {
  const embedded = createEmbeddedBus({ path: join(dir, 'bus.db') });
  results.push(await measure(embedded, 'file', dir), await measure(embedded, 'webhook', dir));
  await embedded.close();
  if (withKafka) {
    const local = process.env.KAFKA_BROKERS ? undefined : await launchKafka();
    const brokers = process.env.KAFKA_BROKERS?.split(',') ?? local?.brokers ?? [];
    const kafka = createKafkaBus({ brokers, clientId: 'bench-connectors' });
    try {
      results.push(await measure(kafka, 'file', dir), await measure(kafka, 'webhook', dir));
    } finally {
      await kafka.close();
      await local?.destroy();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.table(results);
