/**
 * Dead letters on the real Kafka broker: a malformed event and a refused one land in
 * `cavra.dlq.<connector>.v1` with evidence; `cavra dlq list` shows them; after the cause is
 * fixed `cavra dlq replay` sends the refused one again through the connector's replay topic,
 * and a second replay sends nothing.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookPeer, type WebhookPeer } from '../peers/webhook/index.ts';
import { kafkaBrokers, uniqueName } from '../support/kafka.ts';
import {
  FAKE_AWS_KEY,
  WEBHOOK_SECRET,
  createKafkaRig,
  decisionEvent,
  waitFor,
  type KafkaRig,
} from './support.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'src', 'main.ts');

describe('dead letters and cavra dlq (Kafka)', () => {
  let rig: KafkaRig;
  let peer: WebhookPeer;

  beforeEach(async () => {
    rig = await createKafkaRig();
    peer = await startWebhookPeer({ secret: WEBHOOK_SECRET });
  });
  afterEach(async () => {
    await rig.close();
    await peer.close();
  });

  function writeConfig(connector: Record<string, unknown>): string {
    const file = join(rig.dir, 'cavra.yaml');
    const config = {
      bus: { kind: 'kafka', brokers: kafkaBrokers() },
      store: { kind: 'sqlite', path: join(rig.dir, 'cli.db') },
      tenants: [{ id: rig.tenant }],
      connectors: [connector],
    };
    writeFileSync(file, JSON.stringify(config)); // JSON is YAML
    return file;
  }

  const cavra = async (...args: string[]) =>
    (await run(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 })).stdout;

  it(
    'dead-letters, lists, replays after the fix, and does not replay twice',
    { timeout: 150_000 },
    async () => {
      const connector = {
        name: uniqueName('dlq').replaceAll('.', '-'),
        kind: 'webhook',
        tenant: rig.tenant,
        url: peer.url,
        secret: WEBHOOK_SECRET,
        timeoutMs: 2_000,
      };
      const config = writeConfig(connector);
      await rig.start(connector);
      peer.rejectAll(400);

      const refused = decisionEvent(rig.tenant);
      const malformed = { ...decisionEvent(rig.tenant), data: { command: FAKE_AWS_KEY } };
      await rig.bus.publish(rig.topics.decisions, [
        { key: `${rig.tenant}:a`, event: refused },
        { key: `${rig.tenant}:a`, event: malformed as never },
      ]);
      await waitFor(
        () => rig.evidence.filter((e) => e.outcome === 'dead_lettered').length === 2,
        'two dead_lettered records',
      );

      const listed = (
        await cavra('dlq', 'list', '--connector', connector.name, '--json', '--config', config)
      )
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(listed.map((e) => [e.letter.original.id, e.letter.error.code]).sort()).toEqual(
        [
          [refused.id, 'http_400'],
          [malformed.id, 'contract_violation'],
        ].sort(),
      );
      expect(JSON.stringify(listed)).not.toContain(FAKE_AWS_KEY);

      peer.rejectAll(undefined);
      const replay = await cavra(
        'dlq',
        'replay',
        '--connector',
        connector.name,
        '--event',
        refused.id,
        '--config',
        config,
      );
      expect(replay).toContain('replayed 1');
      await waitFor(() => peer.received().length === 1, 'the replayed delivery');
      expect(peer.received()[0]?.body).toContain(refused.id);
      await waitFor(
        () => rig.evidence.some((e) => e.eventId === refused.id && e.outcome === 'delivered'),
        'delivered evidence of the replay',
      );

      const again = await cavra(
        'dlq',
        'replay',
        '--connector',
        connector.name,
        '--event',
        refused.id,
        '--config',
        config,
      );
      expect(again).toContain('replayed 0');
      expect(again).toContain('already replayed');
      expect(peer.requests().filter((r) => r.status === 200)).toHaveLength(1);
    },
  );
});
