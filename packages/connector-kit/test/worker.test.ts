import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileSender,
  mapNdjsonLine,
  redactPayload,
  startConnector,
  type RunningConnector,
} from '../src/index.ts';
import { startWebhookPeer, type WebhookPeer } from '../../../test/peers/webhook/index.ts';
import { FAKE_AWS_KEY, FAKE_GITHUB_TOKEN, sampleEvent } from './fixtures.ts';
import { connectorConfig, createRig, waitFor, type Rig } from './harness.ts';

const SECRET = 'fake-webhook-secret-for-tests';

describe('connector worker on the embedded bus', () => {
  let rig: Rig;
  let peer: WebhookPeer;
  const running: RunningConnector[] = [];

  beforeEach(async () => {
    rig = await createRig();
    peer = await startWebhookPeer({ secret: SECRET });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await peer.close();
    await rig.close();
  });

  async function start(fields: Record<string, unknown>, policy = {}) {
    const connector = await startConnector({
      config: connectorConfig(fields),
      bus: rig.bus,
      deliveryKeys: rig.deliveryKeys,
      logger: rig.logger,
      policy: { initialBackoffMs: 10, maxBackoffMs: 50, breakerHalfOpenMs: 200, ...policy },
    });
    running.push(connector);
    return connector;
  }

  const webhook = (name = 'hook', extra = {}) => ({
    name,
    kind: 'webhook',
    url: peer.url,
    secret: SECRET,
    timeoutMs: 300,
    ...extra,
  });

  it('delivers redacted, signed events with one evidence record each', async () => {
    await start(webhook());
    const event = sampleEvent({ reason: `token ${FAKE_GITHUB_TOKEN} seen` });
    await rig.publish([event]);

    await waitFor(() => rig.evidence.find((e) => e.outcome === 'delivered'), 'delivered evidence');
    const [delivery] = peer.received();
    expect(delivery?.idempotencyKey).toBe(`hook:hook:${event.id}`);
    const allBytes = peer
      .requests()
      .map((r) => JSON.stringify(r))
      .join('');
    expect(allBytes).not.toContain(FAKE_AWS_KEY);
    expect(allBytes).not.toContain(FAKE_GITHUB_TOKEN);
    expect(delivery?.body).toContain('[REDACTED:');

    const [evidence] = rig.evidence;
    expect(rig.evidence).toHaveLength(1);
    expect(evidence).toMatchObject({
      eventId: event.id,
      tenant: 'acme',
      connector: 'hook',
      outcome: 'delivered',
      attempt: 1,
      statusCode: 200,
      receipt: { id: 'rcpt-1' },
      traceId: '1'.repeat(32),
      destination: { kind: 'webhook', name: 'hook', host: new URL(peer.url).host },
    });
    expect(evidence?.redactions.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(2);
    const { createHash } = await import('node:crypto');
    expect(evidence?.payloadSha256).toBe(
      createHash('sha256')
        .update(delivery?.body ?? '')
        .digest('hex'),
    );
    expect(JSON.stringify(rig.evidence) + rig.logLines.join('')).not.toMatch(
      new RegExp(`${FAKE_AWS_KEY}|${FAKE_GITHUB_TOKEN}`),
    );
  });

  it('routes by tenant and rule, recording filtered only when asked', async () => {
    await start({ ...webhook(), route: { outcomes: ['block'], recordFiltered: true } });
    await rig.publish([
      sampleEvent({ outcome: 'allow' }, 'evt-allow'),
      sampleEvent({ tenant: 'globex' }, 'evt-globex'),
      sampleEvent({}, 'evt-block'),
    ]);

    await waitFor(() => rig.evidence.length >= 2, 'two evidence records');
    expect(peer.received().map((d) => d.idempotencyKey)).toEqual(['hook:hook:evt-block']);
    expect(rig.evidence.map((e) => [e.eventId, e.outcome]).sort()).toEqual([
      ['evt-allow', 'filtered'],
      ['evt-block', 'delivered'],
    ]);
  });

  it("ignores another tenant's malformed event: no dead letter, no evidence", async () => {
    await start(webhook());
    const foreignPoison = { ...sampleEvent({}, 'evt-foreign'), tenant: 'globex', data: {} };
    // One key, so one partition: the poison is handled before the good event.
    await rig.bus.publish('cavra.decisions.v1', [
      { key: 'k', event: foreignPoison },
      { key: 'k', event: sampleEvent({}, 'evt-own') },
    ]);

    await waitFor(() => rig.evidence.length >= 1, 'the own outcome');
    expect(rig.evidence.map((e) => [e.eventId, e.outcome])).toEqual([['evt-own', 'delivered']]);
  });

  it('waits out 429 with Retry-After, then delivers', async () => {
    peer.failNext(2, { status: 429, retryAfter: '1' });
    await start(webhook());
    await rig.publish([sampleEvent()]);

    await waitFor(() => rig.evidence.find((e) => e.outcome === 'delivered'), 'delivery', 20_000);
    const times = peer.requests().map((r) => r.at);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(950);
    expect(rig.evidence.map((e) => e.outcome)).toEqual([
      'retry_scheduled',
      'retry_scheduled',
      'delivered',
    ]);
  });

  it('dead-letters a permanent failure and a poison message, and carries on', async () => {
    peer.failNext(1, { status: 422 });
    await start(webhook());
    await rig.bus.publish('cavra.decisions.v1', [
      { key: 'acme:x', event: sampleEvent({}, 'evt-rejected') },
    ]);
    await rig.bus.publish('cavra.decisions.v1', [
      { key: 'acme:y', event: { ...sampleEvent({}, 'evt-poison'), data: { nope: true } } },
      { key: 'acme:z', event: sampleEvent({}, 'evt-good') },
    ]);

    await waitFor(() => rig.evidence.length >= 3, 'three outcomes');
    expect(rig.evidence.map((e) => [e.eventId, e.outcome]).sort()).toEqual([
      ['evt-good', 'delivered'],
      ['evt-poison', 'dead_lettered'],
      ['evt-rejected', 'dead_lettered'],
    ]);
    const letters = await rig.deadLetters('hook', 2);
    const rejected = letters.find((l) => (l.original as { id: string }).id === 'evt-rejected');
    expect(rejected).toMatchObject({
      connector: 'hook',
      sourceTopic: 'cavra.decisions.v1',
      error: { code: 'http_422', retryable: false },
      attempts: [{ attempt: 1, outcome: 'failed', statusCode: 422 }],
    });
    const poison = letters.find((l) => (l.original as { id: string }).id === 'evt-poison');
    expect(poison?.error.code).toBe('contract_violation');
  });

  it('suppresses a second delivery of the same event', async () => {
    await start(webhook());
    const event = sampleEvent();
    await rig.publish([event]);
    await waitFor(() => rig.evidence.length >= 1, 'first outcome');
    await rig.publish([event]);

    await waitFor(() => rig.evidence.length >= 2, 'second outcome');
    expect(rig.evidence.map((e) => e.outcome)).toEqual(['delivered', 'duplicate_suppressed']);
    expect(peer.requests()).toHaveLength(1);
  });

  it('holds events while the breaker is open and delivers them when the peer is back', async () => {
    await peer.goDown();
    await start(webhook(), { maxAttempts: 2, breakerThreshold: 2 });
    const file = join(rig.dir, 'out.ndjson');
    await start({ name: 'siem', kind: 'file', path: file });
    await rig.publish([sampleEvent({}, 'evt-1'), sampleEvent({}, 'evt-2')]);

    await waitFor(
      () => existsSync(file) && readFileSync(file, 'utf8').split('\n').length === 3,
      'file lines',
    );
    await waitFor(
      () => rig.evidence.filter((e) => e.connector === 'hook').length >= 2,
      'retries while down',
    );
    await peer.comeUp();
    await waitFor(() => peer.received().length === 2, 'both delivered after recovery', 20_000);
    expect(rig.evidence.some((e) => e.outcome === 'dead_lettered')).toBe(false);
  });

  it('asks the file about an in-flight key: no second line after a crash', async () => {
    const file = join(rig.dir, 'siem.ndjson');
    const event = sampleEvent({}, 'evt-crashed');
    // The earlier life appended the line and crashed before recording the delivery.
    await new FileSender(file).send(mapNdjsonLine(redactPayload(event).value));
    await rig.deliveryKeys.markInFlight('siem:siem.ndjson:evt-crashed');

    await start({ name: 'siem', kind: 'file', path: file });
    await rig.publish([event]);

    await waitFor(() => rig.evidence.length >= 1, 'an outcome');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    expect(rig.evidence[0]).toMatchObject({
      outcome: 'delivered',
      attempt: 0,
      receipt: { file: 'siem.ndjson', offset: '0' },
    });
    expect(await rig.deliveryKeys.get('siem:siem.ndjson:evt-crashed')).toMatchObject({
      state: 'delivered',
    });
  });

  it('drains on stop: the send under way finishes, is recorded and committed', async () => {
    peer.failNext(1, { delayMs: 150 }); // well within the 300 ms timeout
    const first = await start(webhook());
    await rig.publish([sampleEvent({}, 'evt-slow')]);
    await waitFor(() => rig.deliveryKeys.get('hook:hook:evt-slow'), 'the send to start');

    await first.stop();
    expect(rig.evidence.map((e) => [e.eventId, e.outcome])).toEqual([['evt-slow', 'delivered']]);

    // Committed: a new worker in the same group does not see evt-slow again.
    await start(webhook());
    await rig.publish([sampleEvent({}, 'evt-next')]);
    await waitFor(() => rig.evidence.length >= 2, 'the next outcome');
    expect(rig.evidence.map((e) => e.eventId)).toEqual(['evt-slow', 'evt-next']);
  });
});
