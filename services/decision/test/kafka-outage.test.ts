/**
 * THE outbox test on a real Kafka broker: decisions are answered while Kafka is down and are
 * published once it is back, each exactly once. The broker is this test's own, since stopping
 * the run's shared broker would break every other Kafka test file running at the same time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { pino } from 'pino';
import { createKafkaBus } from '@cavra/bus';
import { CavraConfig } from '@cavra/config';
import { Decision, EventTypes, parseEventOf, Topics } from '@cavra/contracts';
import { launchPrivateBroker, type LocalKafka, uniqueName } from '../../../test/support/kafka.ts';
import { startDecisionService, type DecisionService } from '../src/service.ts';
import { waitFor } from './fixtures.ts';
import { call, requestBody } from './harness.ts';

const N = 25;
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

it('answers while Kafka is down, then publishes every decision exactly once', async () => {
  const broker = await launchPrivateBroker();
  cleanup.push(() => broker.destroy());
  const dir = mkdtempSync(join(tmpdir(), 'cavra-outage-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const tenant = `outage-${randomBytes(4).toString('hex')}`;
  const warnings: string[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => warnings.push((JSON.parse(line) as { msg: string }).msg) },
  );
  const config = CavraConfig.parse({
    tenants: [{ id: tenant }],
    store: { kind: 'sqlite', path: join(dir, 'cavra.db') },
    bus: { kind: 'kafka', brokers: broker.brokers, clientId: 'decision-outage-test' },
  });
  const service: DecisionService = await startDecisionService({
    config,
    logger,
    listen: { host: '127.0.0.1', port: 0 },
    relay: { backoff: { initialMs: 200, maxMs: 2000 } },
  });
  cleanup.push(() => service.close());

  const post = (i: number) =>
    call(service.url, '/v1/decisions', {
      body: requestBody({ type: 'write_file', target: `src/file-${i}.ts` }, { sessionId: tenant }),
    });

  // One decision while the broker is up, so the producer and topic exist before the outage.
  const first = await post(0);
  expect(first.status).toBe(200);
  await waitFor(async () => (await service.store.outboxBacklog()) === 0, 'first publish', 30_000);

  await broker.stop();
  const answered: Decision[] = [];
  for (let i = 1; i <= N; i++) {
    const res = await post(i);
    expect(res.status).toBe(200);
    answered.push(Decision.parse(res.body));
  }
  await waitFor(() => service.relay?.state === 'down', 'the relay to notice the outage', 60_000);
  expect(await service.store.outboxBacklog()).toBe(N);

  await broker.start();
  await waitFor(async () => (await service.store.outboxBacklog()) === 0, 'backlog', 90_000);
  expect(service.relay?.state).toBe('up');

  const expected = [first.body.decisionId as string, ...answered.map((d) => d.decisionId)];
  const seen = await consumeTenant(broker, tenant, expected.length);
  expect([...seen].sort()).toEqual([...expected].sort());
  expect(warnings.filter((m) => m.startsWith('outbox relay cannot publish'))).toHaveLength(1);
}, 240_000);

/** Reads the decisions topic from the beginning with a new group, keeping this tenant's ids. */
async function consumeTenant(broker: LocalKafka, tenant: string, count: number) {
  const bus = createKafkaBus({ brokers: broker.brokers, clientId: 'decision-outage-reader' });
  cleanup.push(() => bus.close());
  const seen: string[] = [];
  await bus.subscribe(
    Topics.decisions,
    uniqueName('decision-outage'),
    async (message) => {
      const event = parseEventOf(EventTypes.decision, JSON.parse(message.value));
      if (event.tenant === tenant) seen.push(event.id);
    },
    { fromBeginning: true },
  );
  await waitFor(() => seen.length >= count, `${count} decisions of ${tenant}`, 60_000);
  return seen;
}
