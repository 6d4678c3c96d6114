import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaBus } from '@cavra/bus';
import type { EventBus } from '@cavra/bus';
import { createSqliteLedger } from '@cavra/evidence';
import type { EvidenceLedger } from '@cavra/evidence';
import { kafkaBrokers, uniqueName } from '../../../test/support/kafka.ts';
import { createEvidenceService } from '../src/index.ts';
import type { EvidenceService } from '../src/index.ts';
import { approvalEvent, decisionEvent, outgoing, topicOf } from './fixtures.ts';

// The topics are the fabric's own and may hold other tests' events: a tenant of this run only
// and a group of its own keep the assertions to what this test published.
const tenant = `kafka-${randomBytes(4).toString('hex')}`;
let bus: EventBus;
let ledger: EvidenceLedger;
let service: EvidenceService;

beforeAll(async () => {
  bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'cavra-evidence-test' });
  ledger = await createSqliteLedger({ path: ':memory:' });
  service = createEvidenceService({
    bus,
    ledger,
    logger: pino({ level: 'silent' }),
    group: uniqueName('cavra-evidence-test'),
  });
  await service.start();
});
afterAll(async () => {
  await service?.stop();
  await bus?.close();
  await ledger?.close();
});

describe('evidence service on a real Kafka broker', () => {
  it('chains events from the Kafka topics, once each', async () => {
    const events = [decisionEvent(tenant), approvalEvent(tenant), decisionEvent(tenant)];
    for (const event of events) await bus.publish(topicOf(event), [outgoing(event)]);
    const first = events[0];
    if (first) await bus.publish(topicOf(first), [outgoing(first)]);

    await expect
      .poll(async () => (await ledger.head(tenant)).seq, { timeout: 45_000, interval: 200 })
      .toBe(3);
    const chain = await ledger.list({ tenant });
    expect(new Set(chain.map((e) => e.recordId))).toEqual(new Set(events.map((e) => e.id)));
    await expect
      .poll(() => service.stats().appended, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(4);
    expect((await ledger.head(tenant)).seq).toBe(3);
  }, 90_000);
});
