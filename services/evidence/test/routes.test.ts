import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteLedger } from '@cavra/evidence';
import type { EvidenceEntry, EvidenceLedger } from '@cavra/evidence';
import { registerEvidenceRoutes } from '../src/index.ts';

/** Obviously fake API keys, one per tenant. */
const API_KEYS: Record<string, string> = {
  'test-key-acme': 'acme',
  'test-key-globex': 'globex',
};

let app: FastifyInstance;
let ledger: EvidenceLedger;
let base: string;

beforeAll(async () => {
  ledger = await createSqliteLedger({ path: ':memory:' });
  const appends = Array.from({ length: 5 }, (_, i) => ({
    tenant: 'acme',
    recordId: `evt-acme-${i + 1}`,
    recordType: 'dev.cavra.decision.v1',
    record: { n: i + 1 },
  }));
  await ledger.appendMany([
    ...appends,
    { tenant: 'globex', recordId: 'evt-globex-1', recordType: 'dev.cavra.decision.v1', record: {} },
  ]);

  app = Fastify();
  registerEvidenceRoutes(app, {
    ledger,
    auth: (request) => {
      const key = request.headers.authorization?.replace(/^Bearer /, '');
      return key === undefined ? undefined : API_KEYS[key];
    },
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

async function call(path: string, key?: string): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe('evidence API', () => {
  it('lists the caller tenant chain in pages', async () => {
    const first = await call('/v1/evidence?limit=3', 'test-key-acme');
    expect(first.status).toBe(200);
    const page = first.body as { tenant: string; entries: EvidenceEntry[]; nextAfterSeq: number };
    expect(page.tenant).toBe('acme');
    expect(page.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(page.nextAfterSeq).toBe(3);

    const rest = await call('/v1/evidence?tenant=acme&afterSeq=3', 'test-key-acme');
    const body = rest.body as { entries: EvidenceEntry[]; nextAfterSeq: number | null };
    expect(body.entries.map((e) => e.recordId)).toEqual(['evt-acme-4', 'evt-acme-5']);
    expect(body.nextAfterSeq).toBeNull();
  });

  it('returns one entry by tenant and seq', async () => {
    const { status, body } = await call('/v1/evidence/acme/2', 'test-key-acme');
    expect(status).toBe(200);
    expect(body).toMatchObject({ tenant: 'acme', seq: 2, recordId: 'evt-acme-2' });
    expect((await call('/v1/evidence/acme/99', 'test-key-acme')).status).toBe(404);
  });

  it('never lets one tenant read another tenant records', async () => {
    const list = await call('/v1/evidence?tenant=acme', 'test-key-globex');
    const entry = await call('/v1/evidence/acme/1', 'test-key-globex');
    const missing = await call('/v1/evidence/acme/99', 'test-key-globex');
    expect([list.status, entry.status, missing.status]).toEqual([403, 403, 403]);
    expect(JSON.stringify([list.body, entry.body])).not.toContain('evt-acme');

    const own = await call('/v1/evidence', 'test-key-globex');
    const entries = (own.body as { entries: EvidenceEntry[] }).entries;
    expect(entries.map((e) => e.tenant)).toEqual(['globex']);
  });

  it('answers 401 without a known key and 400 on bad parameters', async () => {
    expect((await call('/v1/evidence')).status).toBe(401);
    expect((await call('/v1/evidence', 'test-key-unknown')).status).toBe(401);

    const badLimit = await call('/v1/evidence?limit=0', 'test-key-acme');
    expect(badLimit.status).toBe(400);
    expect(JSON.stringify(badLimit.body)).toContain('limit');
    const badSince = await call('/v1/evidence?since=yesterday', 'test-key-acme');
    expect(badSince).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
    expect((await call('/v1/evidence/acme/zero', 'test-key-acme')).status).toBe(400);
  });
});
