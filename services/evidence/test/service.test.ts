import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Topics } from '@cavra/contracts';
import type { CloudEventEnvelope } from '@cavra/contracts';
import { createEmbeddedBus } from '@cavra/bus';
import type { EventBus } from '@cavra/bus';
import { computeEntryHash, createSqliteLedger, GENESIS_HASH } from '@cavra/evidence';
import type { EvidenceLedger } from '@cavra/evidence';
import { createEvidenceService } from '../src/index.ts';
import type { EvidenceService } from '../src/index.ts';
import {
  approvalEvent,
  decisionEvent,
  deliveryEvidenceEvent,
  outgoing,
  releaseEvent,
  topicOf,
} from './fixtures.ts';

let dir: string;
let bus: EventBus;
let ledger: EvidenceLedger;
let service: EvidenceService;
let logLines: Record<string, unknown>[];

function captureLogger(): pino.Logger {
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

async function publish(...events: CloudEventEnvelope[]): Promise<void> {
  for (const event of events) await bus.publish(topicOf(event), [outgoing(event)]);
}

async function waitForSeq(tenant: string, seq: number): Promise<void> {
  await expect.poll(async () => (await ledger.head(tenant)).seq, { timeout: 10_000 }).toBe(seq);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cavra-evidence-service-'));
  bus = createEmbeddedBus({ path: join(dir, 'bus.db'), pollIntervalMs: 20 });
  ledger = await createSqliteLedger({ path: join(dir, 'evidence.db') });
  service = createEvidenceService({ bus, ledger, logger: captureLogger(), retryDelayMs: 20 });
  await service.start();
});
afterEach(async () => {
  await service.stop();
  await bus.close();
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('evidence service on the embedded bus', () => {
  it('chains decisions, approvals, releases and delivery evidence per tenant', async () => {
    const events = [decisionEvent('acme'), approvalEvent('acme'), releaseEvent('acme')];
    await publish(...events, deliveryEvidenceEvent('globex'));
    await waitForSeq('acme', 3);
    await waitForSeq('globex', 1);

    const chain = await ledger.list({ tenant: 'acme' });
    expect(new Set(chain.map((e) => e.recordId))).toEqual(new Set(events.map((e) => e.id)));
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    chain.forEach((entry, i) => {
      expect(computeEntryHash(entry)).toBe(entry.hash);
      if (i > 0) expect(entry.prevHash).toBe(chain[i - 1]?.hash);
    });
    const decision = chain.find((e) => e.recordId === events[0]?.id);
    expect(decision).toMatchObject({ recordType: 'dev.cavra.decision.v1' });
    const decisionId = (events[0]?.data as { decisionId: string }).decisionId;
    expect(decision?.record).toMatchObject({ decisionId });
    expect((await ledger.list({ tenant: 'globex' }))[0]?.recordType).toBe(
      'dev.cavra.delivery-evidence.v1',
    );
  });

  it('chains a redelivered event once', async () => {
    const event = decisionEvent('acme');
    await publish(event, event);
    const marker = decisionEvent('acme');
    await publish(marker);
    await waitForSeq('acme', 2);

    expect(service.stats().appended).toBe(3);
    const chain = await ledger.list({ tenant: 'acme' });
    expect(chain.map((e) => e.recordId)).toEqual([event.id, marker.id]);
  });

  it('logs, counts and skips invalid events without stopping the stream', async () => {
    const good = decisionEvent('acme');
    const badData = { ...decisionEvent('acme'), data: { outcome: 'maybe' } };
    const wrongTopic = approvalEvent('acme');
    const foreignTenant = decisionEvent('globex');
    await bus.publish(Topics.decisions, [
      outgoing(badData),
      outgoing(wrongTopic),
      outgoing({ ...foreignTenant, tenant: 'acme' }),
    ]);
    await bus.publish(Topics.decisions, [{ key: 'k', event: 'not json' as never }]);
    await publish(good);
    await waitForSeq('acme', 1);

    expect((await ledger.list({ tenant: 'acme' }))[0]?.recordId).toBe(good.id);
    await expect.poll(() => service.stats().invalid).toBe(4);
    const warning = logLines.find((l) => l['msg'] === 'invalid event skipped, not chained');
    expect(warning).toMatchObject({ topic: Topics.decisions });
  });

  it('redacts credentials before they reach the chain', async () => {
    const token = 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const event = decisionEvent('acme', {
      action: {
        type: 'execute_command',
        target: 'repo',
        operation: 'push',
        command: `echo ${token}`,
      },
    });
    await publish(event);
    await waitForSeq('acme', 1);
    expect(JSON.stringify(await ledger.get('acme', 1))).not.toContain(token);
  });
});

describe('evidence service across a restart', () => {
  it('resumes from the committed offsets and continues the chain', async () => {
    const before = decisionEvent('acme');
    await publish(before);
    await waitForSeq('acme', 1);
    await service.stop();
    await bus.close();

    bus = createEmbeddedBus({ path: join(dir, 'bus.db'), pollIntervalMs: 20 });
    service = createEvidenceService({ bus, ledger, logger: captureLogger(), retryDelayMs: 20 });
    await service.start();
    const after = decisionEvent('acme');
    await publish(after);
    await waitForSeq('acme', 2);

    expect(service.stats().appended).toBe(1);
    const chain = await ledger.list({ tenant: 'acme' });
    expect(chain.map((e) => e.recordId)).toEqual([before.id, after.id]);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
  });
});

describe('evidence service when appends fail', () => {
  it('does not commit a failed append and chains the event on redelivery', async () => {
    await service.stop();
    let failures = 1;
    // The real ledger, whose first append fails as if the store were briefly down.
    const flaky = Object.create(ledger) as EvidenceLedger;
    flaky.append = async (input) => {
      if (failures-- > 0) throw new Error('store down for this test');
      return ledger.append(input);
    };
    service = createEvidenceService({
      bus,
      ledger: flaky,
      logger: captureLogger(),
      retryDelayMs: 20,
    });
    await service.start();

    const event = decisionEvent('acme');
    await publish(event);
    await waitForSeq('acme', 1);
    expect(service.stats()).toMatchObject({ failed: 1, appended: 1 });
    expect((await ledger.get('acme', 1))?.recordId).toBe(event.id);
  });
});
