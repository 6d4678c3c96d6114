/**
 * The contract every EventBus adapter passes: run by each adapter's test file with a fixture
 * that opens buses on one shared log (a SQLite file, a Kafka cluster).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventTypes, makeEvent, parseEvent, type CloudEventEnvelope } from '@cavra/contracts';
import { currentTraceparent, traceIdOf, withSpan } from '@cavra/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  BusConfig,
  EventBus,
  IncomingEvent,
  OutgoingEvent,
  Subscription,
} from '../src/index.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Opens buses that share one underlying log, so a new bus sees what an old one wrote. */
export interface BusFixture {
  open(): Promise<EventBus>;
  /** A topic name no other test uses. */
  topic(): string;
  /** How long to wait for deliveries (a broker needs longer to balance a group). */
  waitMs: number;
  /** The config a separate consumer process uses to reach the same log (crash test). */
  crashConfig: () => BusConfig;
}

/** A valid approval envelope whose `reason` carries a sequence label for assertions. */
export function testEvent(
  label: string,
  tenant = 'acme',
  traceparent?: string,
): CloudEventEnvelope {
  return makeEvent(
    EventTypes.approval,
    {
      approvalId: `ap-${label}`,
      decisionId: `dec-${label}`,
      tenant,
      status: 'granted',
      approver: 'alice@example.test',
      reason: label,
      decidedAt: new Date().toISOString(),
    },
    { source: 'bus-contract', tenant, ...(traceparent && { traceparent }) },
  );
}

export function outgoing(key: string, label: string): OutgoingEvent {
  return { key, event: testEvent(label) };
}

/** The `reason` label of a delivered approval event. */
export function labelOf(event: IncomingEvent): string {
  return (parseEvent(JSON.parse(event.value)).data as { reason: string }).reason;
}

/** Polls until `condition` holds, failing with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function uniqueGroup(): string {
  return `group-${randomBytes(5).toString('hex')}`;
}

/** Registers the shared contract tests for one adapter. */
export function busContract(name: string, fixture: BusFixture): void {
  describe(`EventBus contract: ${name}`, () => {
    const open: EventBus[] = [];
    const openBus = async (): Promise<EventBus> => {
      const bus = await fixture.open();
      open.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((bus) => bus.close()));
    });

    /** Subscribes and collects events until stopped. */
    async function collect(bus: EventBus, topic: string, group: string) {
      const seen: IncomingEvent[] = [];
      const subscription = await bus.subscribe(topic, group, async (event) => {
        seen.push(event);
      });
      return { seen, subscription };
    }

    it('delivers published events with key, headers and a valid envelope', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const { seen } = await collect(bus, topic, uniqueGroup());
      await bus.publish(topic, [outgoing('acme:c1', 'one'), outgoing('acme:c2', 'two')]);

      await waitFor(() => seen.length === 2, fixture.waitMs, 'two events');
      expect(seen.map(labelOf).sort()).toEqual(['one', 'two']);
      const first = seen.find((e) => e.key === 'acme:c1');
      expect(first?.topic).toBe(topic);
      expect(first?.headers.ce_type).toBe(EventTypes.approval);
      expect(first?.headers.tenant).toBe('acme');
      expect(first?.headers.ce_id).toBe(JSON.parse(first?.value ?? '{}').id);
    });

    it('keeps order per key across many interleaved keys', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const keys = Array.from({ length: 12 }, (_, i) => `acme:k${i}`);
      const batches = Array.from({ length: 5 }, (_, batch) =>
        keys.flatMap((key) => [0, 1].map((n) => outgoing(key, `${key}#${batch * 2 + n}`))),
      );
      for (const batch of batches) await bus.publish(topic, batch);
      const { seen } = await collect(bus, topic, uniqueGroup());

      await waitFor(() => seen.length === 120, fixture.waitMs, '120 events');
      for (const key of keys) {
        const order = seen
          .filter((e) => e.key === key)
          .map((e) => Number(labelOf(e).split('#')[1]));
        expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
    });

    it('gives every consumer group every event', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const a = await collect(bus, topic, uniqueGroup());
      const b = await collect(bus, topic, uniqueGroup());
      await bus.publish(topic, [outgoing('acme:1', 'x'), outgoing('acme:2', 'y')]);

      await waitFor(
        () => a.seen.length === 2 && b.seen.length === 2,
        fixture.waitMs,
        'both groups',
      );
      expect(a.seen.map(labelOf).sort()).toEqual(['x', 'y']);
      expect(b.seen.map(labelOf).sort()).toEqual(['x', 'y']);
    });

    it('redelivers to the group what a failed handler did not commit', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const group = uniqueGroup();
      const labels = ['e0', 'e1', 'e2', 'e3', 'e4'];
      await bus.publish(
        topic,
        labels.map((label) => outgoing('acme:one-key', label)),
      );

      const handled: string[] = [];
      const errors: unknown[] = [];
      await bus.subscribe(
        topic,
        group,
        async (event) => {
          if (labelOf(event) === 'e2') throw new Error('destination down');
          handled.push(labelOf(event));
        },
        { onError: (err) => errors.push(err) },
      );
      await waitFor(() => errors.length === 1, fixture.waitMs, 'the handler failure');
      expect(handled).toEqual(['e0', 'e1']);

      const again = await collect(bus, topic, group);
      await waitFor(() => again.seen.length >= 3, fixture.waitMs, 'redelivery');
      expect(again.seen.map(labelOf)).toEqual(['e2', 'e3', 'e4']);
    });

    it('redelivers what a killed consumer process did not commit', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const group = uniqueGroup();
      const labels = ['c0', 'c1', 'c2', 'c3'];
      await bus.publish(
        topic,
        labels.map((label) => outgoing('acme:crash', label)),
      );

      await runAndKill(fixture.crashConfig(), topic, group, fixture.waitMs);
      const after = await collect(bus, topic, group);
      await waitFor(() => after.seen.map(labelOf).includes('c3'), fixture.waitMs, 'takeover');

      // At-least-once: c2 (never committed) and c3 come again, in order; events the dead member
      // handled may come again too, if it died before their commit.
      const seen = after.seen.map(labelOf);
      expect(labels.slice(-seen.length)).toEqual(seen);
      expect(seen.slice(-2)).toEqual(['c2', 'c3']);
    });

    it('resumes from committed offsets on a new bus after close, losing nothing', async () => {
      const topic = fixture.topic();
      const group = uniqueGroup();
      const first = await openBus();
      await first.publish(
        topic,
        ['a', 'b', 'c'].map((label) => outgoing('acme:r', label)),
      );
      const before = await collect(first, topic, group);
      await waitFor(() => before.seen.length === 3, fixture.waitMs, 'first three');
      await first.close();

      const second = await openBus();
      await second.publish(
        topic,
        ['d', 'e'].map((label) => outgoing('acme:r', label)),
      );
      const after = await collect(second, topic, group);
      await waitFor(() => after.seen.length >= 2, fixture.waitMs, 'the two new events');
      expect(after.seen.map(labelOf)).toEqual(['d', 'e']);
    });

    it('carries trace context in the header and the envelope, and continues it', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const traceIds: (string | undefined)[] = [];
      const seen: IncomingEvent[] = [];
      await bus.subscribe(topic, uniqueGroup(), async (event) => {
        seen.push(event);
        traceIds.push(traceIdOf(currentTraceparent()));
      });
      const sent = await withSpan('decide', async () => {
        await bus.publish(topic, [outgoing('acme:t', 'traced')]);
        return currentTraceparent();
      });

      await waitFor(() => seen.length === 1, fixture.waitMs, 'the traced event');
      const received = seen[0] as IncomingEvent;
      expect(received.headers.traceparent).toBe(sent);
      expect(JSON.parse(received.value).traceparent).toBe(sent);
      expect(traceIds[0]).toBe(traceIdOf(sent));
    });

    it('stops delivering after stop() and rejects use after close()', async () => {
      const bus = await openBus();
      const topic = fixture.topic();
      const { seen, subscription } = await collect(bus, topic, uniqueGroup());
      await bus.publish(topic, [outgoing('acme:s', 'before')]);
      await waitFor(() => seen.length === 1, fixture.waitMs, 'the first event');
      await (subscription as Subscription).stop();
      await bus.publish(topic, [outgoing('acme:s', 'after')]);
      await bus.close();
      expect(seen.map(labelOf)).toEqual(['before']);
      await expect(bus.publish(topic, [outgoing('acme:s', 'closed')])).rejects.toMatchObject({
        code: 'bus_closed',
      });
    });
  });
}

/** Runs `crash-child.ts` until it hangs in its handler, then kills it with SIGKILL. */
async function runAndKill(config: BusConfig, topic: string, group: string, waitMs: number) {
  const script = join(HERE, 'crash-child.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify(config), topic, group],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitFor(() => output.includes('hanging'), waitMs, 'the child to hang on c2');
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
