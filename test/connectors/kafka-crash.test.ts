/**
 * A worker killed between delivery and commit, then restarted: the event comes back from Kafka
 * (its offset was never committed) and is suppressed by the delivery key, so the webhook peer
 * sees one distinct delivery and one request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookPeer, type WebhookPeer } from '../peers/webhook/index.ts';
import { kafkaBrokers, uniqueName } from '../support/kafka.ts';
import {
  FAKE_AWS_KEY,
  FAKE_GITHUB_TOKEN,
  WEBHOOK_SECRET,
  createKafkaRig,
  decisionEvent,
  waitFor,
  type KafkaRig,
} from './support.ts';

const HARNESS = fileURLToPath(new URL('./worker-harness.ts', import.meta.url));

interface Worker {
  child: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('worker crash between delivery and commit (Kafka)', () => {
  let rig: KafkaRig;
  let peer: WebhookPeer;
  const workers: Worker[] = [];

  beforeEach(async () => {
    rig = await createKafkaRig();
    peer = await startWebhookPeer({ secret: WEBHOOK_SECRET });
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await rig.close();
    await peer.close();
  });

  function spawnWorker(connector: Record<string, unknown>, killAfterDelivered: boolean): Worker {
    const config = {
      brokers: kafkaBrokers(),
      connector,
      topics: rig.topics,
      keysPath: rig.keysPath,
      killAfterDelivered,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', HARNESS], {
      env: { ...process.env, HARNESS_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (c: Buffer) => output.push(String(c)));
    child.stderr?.on('data', (c: Buffer) => output.push(String(c)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const worker = { child, output, exited };
    workers.push(worker);
    return worker;
  }

  it(
    'causes no second distinct delivery after SIGKILL and restart',
    { timeout: 150_000 },
    async () => {
      const connector = {
        name: uniqueName('crash').replaceAll('.', '-'),
        kind: 'webhook',
        tenant: rig.tenant,
        url: peer.url,
        secret: WEBHOOK_SECRET,
        timeoutMs: 2_000,
      };
      const event = decisionEvent(rig.tenant);
      await rig.publish([event]);

      const first = spawnWorker(connector, true);
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(peer.received()).toHaveLength(1);

      const second = spawnWorker(connector, false);
      await waitFor(
        () =>
          rig.evidence.some((e) => e.eventId === event.id && e.outcome === 'duplicate_suppressed'),
        'the redelivered event to be suppressed',
        60_000,
      );
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });

      expect(peer.received()).toHaveLength(1);
      expect(peer.received()[0]?.repeats).toBe(0);
      expect(peer.requests()).toHaveLength(1);
      const outcomes = rig.evidence.filter((e) => e.eventId === event.id).map((e) => e.outcome);
      expect(outcomes.sort()).toEqual(['delivered', 'duplicate_suppressed']);

      const logs = [...first.output, ...second.output].join('');
      expect(logs).toContain('connector started');
      expect(logs).not.toContain(FAKE_AWS_KEY);
      expect(logs).not.toContain(FAKE_GITHUB_TOKEN);
      expect(logs).not.toContain(WEBHOOK_SECRET);
    },
  );
});
