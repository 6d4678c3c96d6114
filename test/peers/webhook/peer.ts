/**
 * A loopback webhook receiver that behaves like a careful real one: it checks the HMAC signature
 * and timestamp window, deduplicates by `Idempotency-Key`, and records every request's raw bytes.
 * Tests script it to answer 429/5xx, hang, reject, or be down.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One HTTP request as it arrived, and what the peer answered. */
export interface PeerRequest {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** One distinct delivery (first request of an idempotency key) and how often it was repeated. */
export interface PeerDelivery {
  idempotencyKey: string;
  body: string;
  headers: Record<string, string>;
  receipt: string;
  repeats: number;
}

/** A scripted answer for the next requests. */
export type PeerFault = { status: number; retryAfter?: string } | { delayMs: number } | 'hang';

export interface WebhookPeerOptions {
  secret: string;
  /** Accepted clock skew of `X-Cavra-Timestamp`, seconds (default 300). */
  toleranceSeconds?: number;
}

export interface WebhookPeer {
  readonly url: string;
  received(): PeerDelivery[];
  requests(): PeerRequest[];
  /** The next `count` valid requests get `fault` instead of being accepted. */
  failNext(count: number, fault: PeerFault): void;
  /** Every valid request gets `status` until called again with undefined. */
  rejectAll(status: number | undefined): void;
  /** Closes the listener (connections refused) until `comeUp`. */
  goDown(): Promise<void>;
  comeUp(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the peer on 127.0.0.1 at a free port. */
export async function startWebhookPeer(options: WebhookPeerOptions): Promise<WebhookPeer> {
  const tolerance = options.toleranceSeconds ?? 300;
  const deliveries = new Map<string, PeerDelivery>();
  const requests: PeerRequest[] = [];
  const faults: PeerFault[] = [];
  const sockets = new Set<Socket>();
  let rejectStatus: number | undefined;

  function answer(req: IncomingMessage, res: ServerResponse, body: string): number {
    const headers = flatHeaders(req);
    const problem = verify(headers, body, options.secret, tolerance);
    if (problem) return reply(res, 401, { error: problem });
    const fault = faults.shift();
    if (fault === 'hang') return 0;
    if (fault && 'delayMs' in fault) {
      setTimeout(() => accept(res, headers, body), fault.delayMs);
      return 0;
    }
    if (fault) return reply(res, fault.status, { error: 'scripted' }, fault.retryAfter);
    return accept(res, headers, body);
  }

  function accept(res: ServerResponse, headers: Record<string, string>, body: string): number {
    if (rejectStatus !== undefined) return reply(res, rejectStatus, { error: 'rejected' });

    const key = headers['idempotency-key'];
    if (!key) return reply(res, 400, { error: 'missing Idempotency-Key' });
    const known = deliveries.get(key);
    if (known) {
      known.repeats += 1;
      return reply(res, 200, { receipt: known.receipt, repeat: true });
    }
    const receipt = `rcpt-${deliveries.size + 1}`;
    deliveries.set(key, { idempotencyKey: key, body, headers, receipt, repeats: 0 });
    return reply(res, 200, { receipt });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { at: Date.now(), method: req.method ?? '', path: req.url ?? '' };
      const status = answer(req, res, body);
      requests.push({ ...entry, headers: flatHeaders(req), body, status });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;

  async function goDown(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }

  return {
    url: `http://127.0.0.1:${port}/hooks/cavra`,
    received: () => [...deliveries.values()],
    requests: () => [...requests],
    failNext(count, fault) {
      for (let i = 0; i < count; i += 1) faults.push(fault);
    },
    rejectAll(status) {
      rejectStatus = status;
    },
    goDown,
    comeUp: () => listen(server, port),
    close: () => (server.listening ? goDown() : Promise.resolve()),
  };
}

function verify(
  headers: Record<string, string>,
  body: string,
  secret: string,
  toleranceSeconds: number,
): string | undefined {
  const timestamp = headers['x-cavra-timestamp'] ?? '';
  const signature = headers['x-cavra-signature'] ?? '';
  if (!/^\d+$/.test(timestamp)) return 'missing or bad X-Cavra-Timestamp';
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return 'timestamp outside the window';
  }
  const hmac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  const expected = `sha256=${hmac}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : 'bad signature';
}

function reply(res: ServerResponse, status: number, body: object, retryAfter?: string): number {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter);
  res.end(JSON.stringify(body));
  return status;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
