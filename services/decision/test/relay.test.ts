import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { createEmbeddedBus, type EventBus, type OutgoingEvent } from '@cavra/bus';
import { parseEventOf, EventTypes, Topics, type Decision } from '@cavra/contracts';
import { OutboxRelay } from '../src/relay.ts';
import { createSqliteDecisionStore } from '../src/store/sqlite.ts';
import type { DecisionStore } from '../src/store/port.ts';
import { outboxFor, sampleDecision, waitFor } from './fixtures.ts';
import { silentLogger } from './harness.ts';

let dir: string;
let store: DecisionStore;
let bus: EventBus;
const stops: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cavra-relay-'));
  store = await createSqliteDecisionStore({ path: join(dir, 'cavra.db') });
  bus = createEmbeddedBus({ path: join(dir, 'bus.db') });
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await bus.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Collects the decisions published on the decisions topic, in arrival order. */
async function collect(): Promise<{ id: string; key: string | null; traceparent?: string }[]> {
  const seen: { id: string; key: string | null; traceparent?: string }[] = [];
  const sub = await bus.subscribe(Topics.decisions, `relay-test-${Date.now()}`, async (e) => {
    const event = parseEventOf(EventTypes.decision, JSON.parse(e.value));
    seen.push({ id: event.id, key: e.key, traceparent: e.headers.traceparent });
  });
  stops.push(() => sub.stop());
  return seen;
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

async function saveAll(decisions: Decision[]): Promise<void> {
  for (const d of decisions) await store.saveDecision(d, outboxFor(d));
}

it('publishes every stored decision once, in insertion order, with its key', async () => {
  const seen = await collect();
  const relay = new OutboxRelay({ store, bus, logger: silentLogger, batchSize: 7 });
  relay.start();
  stops.push(() => relay.stop());

  const decisions = Array.from({ length: 40 }, (_, i) =>
    sampleDecision({ correlationId: `corr-${i % 4}` }),
  );
  await saveAll(decisions);
  relay.wake();

  await waitFor(() => seen.length >= 40, '40 published decisions');
  // Each once; in insertion order per key (the bus orders per key, not across keys).
  expect(sorted(seen.map((s) => s.id))).toEqual(sorted(decisions.map((d) => d.decisionId)));
  for (let k = 0; k < 4; k++) {
    const key = `acme:corr-${k}`;
    const expected = decisions.filter((d) => d.correlationId === `corr-${k}`);
    expect(seen.filter((s) => s.key === key).map((s) => s.id)).toEqual(
      expected.map((d) => d.decisionId),
    );
  }
  expect(await store.outboxBacklog()).toBe(0);
  expect(relay.published).toBe(40);
  expect(relay.state).toBe('up');
});

it('is woken right after an insert instead of waiting for its timer', async () => {
  const seen = await collect();
  const relay = new OutboxRelay({ store, bus, logger: silentLogger, pollIntervalMs: 60_000 });
  relay.start();
  stops.push(() => relay.stop());
  await waitFor(() => relay.state === 'up', 'relay up');

  const d = sampleDecision();
  await saveAll([d]);
  relay.wake();
  await waitFor(() => seen.length === 1, 'the woken relay to publish', 5000);
  expect(seen[0]?.id).toBe(d.decisionId);
});

it('picks up rows left by an earlier process on start (timer path, no wake)', async () => {
  const earlier = Array.from({ length: 3 }, () => sampleDecision());
  await saveAll(earlier);
  const seen = await collect();
  const relay = new OutboxRelay({ store, bus, logger: silentLogger });
  relay.start();
  stops.push(() => relay.stop());
  await waitFor(() => seen.length === 3, 'backlog published');
  expect(sorted(seen.map((s) => s.id))).toEqual(sorted(earlier.map((d) => d.decisionId)));
});

/** The real embedded bus behind a switch that makes publish fail, as an unreachable bus does. */
class SwitchableBus implements EventBus {
  readonly kind = 'embedded';
  down = true;
  attempts = 0;
  constructor(private readonly inner: EventBus) {}
  async publish(topic: string, events: OutgoingEvent[]): Promise<void> {
    this.attempts += 1;
    if (this.down) throw new Error('bus unreachable (switched off by the test)');
    await this.inner.publish(topic, events);
  }
  subscribe(...args: Parameters<EventBus['subscribe']>) {
    return this.inner.subscribe(...args);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

it('retries while the bus is down, logs the outage once, then catches up', async () => {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const switchable = new SwitchableBus(bus);
  const seen = await collect();
  const relay = new OutboxRelay({
    store,
    bus: switchable,
    logger,
    backoff: { initialMs: 5, maxMs: 40 },
  });
  const decisions = Array.from({ length: 5 }, () => sampleDecision());
  await saveAll(decisions);
  relay.start();
  stops.push(() => relay.stop());

  await waitFor(() => switchable.attempts >= 8, 'several failed attempts');
  expect(relay.state).toBe('down');
  expect(await store.outboxBacklog()).toBe(5);
  expect(lines.filter((l) => l.level === 40)).toHaveLength(1);

  switchable.down = false;
  await waitFor(() => seen.length === 5, 'backlog published after recovery');
  expect(sorted(seen.map((s) => s.id))).toEqual(sorted(decisions.map((d) => d.decisionId)));
  expect(relay.state).toBe('up');
  expect(lines.filter((l) => l.msg === 'outbox relay publishing again')).toHaveLength(1);
  expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
});
