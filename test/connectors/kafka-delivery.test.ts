/**
 * The connector runtime on the real Kafka broker, against the loopback webhook peer: Retry-After,
 * the breaker of a dead destination while another connector flows, evidence per delivery, and
 * no planted credential in any byte that leaves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookPeer, type WebhookPeer } from '../peers/webhook/index.ts';
import {
  FAKE_AWS_KEY,
  FAKE_GITHUB_TOKEN,
  WEBHOOK_SECRET,
  createKafkaRig,
  decisionEvent,
  waitFor,
  type KafkaRig,
} from './support.ts';
import { uniqueName } from '../support/kafka.ts';

describe('connectors on Kafka', () => {
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

  const webhook = (extra = {}) => ({
    name: uniqueName('hook').replaceAll('.', '-'),
    kind: 'webhook',
    url: peer.url,
    secret: WEBHOOK_SECRET,
    timeoutMs: 2_000,
    ...extra,
  });

  it('waits out a burst of 429s, honouring Retry-After, then delivers once', async () => {
    peer.failNext(3, { status: 429, retryAfter: '1' });
    const connector = await rig.start(webhook());
    const event = decisionEvent(rig.tenant);
    await rig.publish([event]);

    await waitFor(() => peer.received().length === 1, 'the delivery');
    const attempts = peer.requests();
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    for (let i = 1; i < attempts.length; i += 1) {
      const gap = (attempts[i]?.at ?? 0) - (attempts[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(950);
    }

    await waitFor(() => rig.evidence.some((e) => e.outcome === 'delivered'), 'delivered evidence');
    const mine = rig.evidence.filter((e) => e.connector === connector.name);
    expect(mine.filter((e) => e.outcome === 'delivered')).toHaveLength(1);
    expect(mine.filter((e) => e.outcome === 'retry_scheduled').map((e) => e.statusCode)).toEqual([
      429, 429, 429,
    ]);
    assertNoPlantedSecret(rig, peer);
  });

  it('a dead destination opens its breaker while another connector keeps delivering', async () => {
    await peer.goDown();
    const hook = await rig.start(webhook(), { maxAttempts: 2, breakerThreshold: 2 });
    const file = join(rig.dir, 'siem.ndjson');
    const siem = await rig.start({
      name: uniqueName('siem').replaceAll('.', '-'),
      kind: 'file',
      path: file,
    });
    const events = [1, 2, 3].map(() => decisionEvent(rig.tenant));
    await rig.publish(events);

    await waitFor(() => existsSync(file) && lines(file).length === 3, 'three file lines');
    expect(
      lines(file)
        .map((l) => JSON.parse(l).id)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
    await waitFor(
      () => rig.evidence.filter((e) => e.connector === hook.name).length >= 2,
      'failed attempts while down',
    );
    expect(peer.received()).toHaveLength(0);

    await peer.comeUp();
    await waitFor(() => peer.received().length === 3, 'all three after recovery');
    const hookEvidence = rig.evidence.filter((e) => e.connector === hook.name);
    expect(hookEvidence.some((e) => e.outcome === 'dead_lettered')).toBe(false);
    await waitFor(
      () =>
        rig.evidence.filter((e) => e.connector === hook.name && e.outcome === 'delivered')
          .length === 3,
      'three delivered records',
    );
    const siemDelivered = rig.evidence.filter(
      (e) => e.connector === siem.name && e.outcome === 'delivered',
    );
    expect(siemDelivered).toHaveLength(3);
    assertNoPlantedSecret(rig, peer, readFileSync(file, 'utf8'));
  });

  it('never delivers another tenant\u2019s events', async () => {
    await rig.start(webhook());
    const foreign = decisionEvent('someone-else');
    const own = decisionEvent(rig.tenant);
    await rig.publish([foreign, own]);

    await waitFor(() => peer.received().length === 1, 'own delivery');
    expect(peer.received()[0]?.body).toContain(own.id);
    expect(rig.evidence.some((e) => e.eventId === foreign.id)).toBe(false);
  });
});

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** No planted credential in any byte the peer got, any evidence record or any log line. */
function assertNoPlantedSecret(rig: KafkaRig, peer: WebhookPeer, extra = ''): void {
  const haystacks = {
    peer: peer
      .requests()
      .map((r) => JSON.stringify(r))
      .join('\n'),
    evidence: JSON.stringify(rig.evidence),
    logs: rig.logLines.join(''),
    extra,
  };
  for (const [where, text] of Object.entries(haystacks)) {
    expect(text, where).not.toContain(FAKE_AWS_KEY);
    expect(text, where).not.toContain(FAKE_GITHUB_TOKEN);
    expect(text, where).not.toContain(WEBHOOK_SECRET);
  }
  expect(haystacks.peer).toContain('[REDACTED:');
}
