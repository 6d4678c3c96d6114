import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '@cavra/config';
import { WebhookConfig, WebhookSender, mapWebhookPayload } from '../src/index.ts';
import { startWebhookPeer, type WebhookPeer } from '../../../test/peers/webhook/index.ts';
import { sampleEvent } from './fixtures.ts';

const SECRET = 'fake-webhook-secret-for-tests';

describe('webhook sender', () => {
  let peer: WebhookPeer;
  let sender: WebhookSender;

  beforeEach(async () => {
    peer = await startWebhookPeer({ secret: SECRET });
    sender = new WebhookSender(
      WebhookConfig.parse({
        url: `${peer.url}?tenant=acme`,
        secret: new SecretValue(SECRET),
        headers: { 'x-team': 'soc' },
        timeoutMs: 500,
      }),
    );
  });

  afterEach(async () => {
    await sender.close();
    await peer.close();
  });

  const ctx = () => ({
    deliveryKey: 'hook:hook:evt-1',
    eventId: 'evt-1',
    attempt: 1,
    signal: new AbortController().signal,
  });

  it('POSTs the exact CloudEvent bytes, signed over "<timestamp>.<body>"', async () => {
    const event = sampleEvent();
    const payload = mapWebhookPayload(event);

    const result = await sender.send(payload, ctx());

    expect(result).toEqual({
      status: 'delivered',
      receipt: { status: '200', id: 'rcpt-1' },
      statusCode: 200,
    });
    const [request] = peer.requests();
    expect(request?.path).toBe('/hooks/cavra?tenant=acme');
    expect(request?.body).toBe(JSON.stringify(event));
    const timestamp = request?.headers['x-cavra-timestamp'] ?? '';
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    const hmac = createHmac('sha256', SECRET).update(`${timestamp}.${request?.body}`).digest('hex');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'x-cavra-signature': `sha256=${hmac}`,
      'idempotency-key': 'hook:hook:evt-1',
      'x-team': 'soc',
    });
  });

  it('repeats under one idempotency key count as one delivery at the peer', async () => {
    const payload = mapWebhookPayload(sampleEvent());
    await sender.send(payload, ctx());
    const again = await sender.send(payload, { ...ctx(), attempt: 2 });

    expect(again).toMatchObject({ status: 'delivered', receipt: { id: 'rcpt-1' } });
    expect(peer.received()).toHaveLength(1);
    expect(peer.received()[0]?.repeats).toBe(1);
  });

  it('reports 429 with Retry-After, 503, 400, a hang and a dead peer as data', async () => {
    const payload = mapWebhookPayload(sampleEvent());
    peer.failNext(1, { status: 429, retryAfter: '3' });
    peer.failNext(1, { status: 503 });
    peer.failNext(1, { status: 400 });
    peer.failNext(1, 'hang');

    expect(await sender.send(payload, ctx())).toMatchObject({
      status: 'retryable',
      after: 3000,
      statusCode: 429,
    });
    expect(await sender.send(payload, ctx())).toMatchObject({
      status: 'retryable',
      statusCode: 503,
    });
    expect(await sender.send(payload, ctx())).toMatchObject({ status: 'failed', statusCode: 400 });
    expect(await sender.send(payload, ctx())).toMatchObject({
      status: 'retryable',
      error: { code: 'timeout' },
    });

    await peer.goDown();
    expect(await sender.send(payload, ctx())).toMatchObject({
      status: 'retryable',
      error: { code: 'ECONNREFUSED' },
    });
  });

  it('is refused by the peer when signed with another secret', async () => {
    const wrong = new WebhookSender(
      WebhookConfig.parse({ url: peer.url, secret: 'not-the-secret', timeoutMs: 500 }),
    );
    try {
      const result = await wrong.send(mapWebhookPayload(sampleEvent()), ctx());
      expect(result).toMatchObject({ status: 'failed', statusCode: 401 });
    } finally {
      await wrong.close();
    }
  });
});
