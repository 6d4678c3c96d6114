import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decision } from '@cavra/contracts';
import type { DecisionStore } from '../src/store/port.ts';
import { call, listenApp, openTestStore, requestBody, type StoreKind } from './harness.ts';

const ACME = 'test-key-acme-0000';
const GLOBEX = 'test-key-globex-0000';

describe.each<StoreKind>(['sqlite', 'postgres'])('decision API on %s', (kind) => {
  let store: DecisionStore;
  let url: string;
  let cleanup: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    const opened = await openTestStore(kind);
    store = opened.store;
    const server = await listenApp({ store });
    url = server.url;
    cleanup = [() => server.close(), () => opened.dispose()];
  });
  afterEach(async () => {
    for (const close of cleanup) await close();
  });

  it('answers a decision with every field and stores it with its outbox event', async () => {
    const res = await call(url, '/v1/decisions', {
      key: ACME,
      body: requestBody({ type: 'write_file', target: 'src/example.py' }, { repository: 'r/x' }),
    });
    expect(res.status).toBe(200);
    const decision = Decision.parse(res.body);
    expect(decision).toMatchObject({
      tenant: 'acme',
      outcome: 'allow',
      mode: 'enforce',
      correlationId: decision.decisionId,
      action: { type: 'write_file', target: 'src/example.py', operation: 'write' },
      evidenceRefs: [],
      policy: { pack: 'cavra-baseline' },
    });
    expect(decision.decisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await store.getDecision('acme', decision.decisionId)).toEqual(decision);
    const [row] = await store.claimUnpublished(10);
    expect(row?.event).toMatchObject({ id: decision.decisionId, tenant: 'acme', data: decision });
    expect(row?.key).toBe(`acme:${decision.decisionId}`);
    expect(row?.event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('blocks reading .env and keeps the caller trace context and correlation id', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await call(url, '/v1/decisions', {
      key: ACME,
      headers: { traceparent },
      body: requestBody({ type: 'read_file', target: '.env' }, { correlationId: 'corr-1' }),
    });
    expect(res.body).toMatchObject({ outcome: 'block', correlationId: 'corr-1' });
    expect(['high', 'critical']).toContain(res.body.severity);
    const [row] = await store.claimUnpublished(1);
    expect(row?.event.traceparent).toBe(traceparent);
    expect(row?.key).toBe('acme:corr-1');
  });

  it('rejects a bad request naming every bad field', async () => {
    const res = await call(url, '/v1/decisions', {
      key: ACME,
      body: { agent: {}, action: { type: 'fly', target: '' }, actor: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['sessionId', 'agent.id', 'action.type', 'action.target']),
    );
    const typeIssue = res.body.issues.find((i: { path: string }) => i.path === 'action.type');
    expect(typeIssue.message).toContain('read_file');
    expect((await call(url, '/v1/decisions', { key: ACME, body: '{oops' })).status).toBe(400);
  });

  it('refuses a wrong key, a foreign tenant and a pack the tenant does not have', async () => {
    const body = requestBody({ type: 'read_file', target: 'README.md' });
    expect((await call(url, '/v1/decisions', { body })).status).toBe(401);
    expect((await call(url, '/v1/decisions', { key: 'test-key-wrong', body })).status).toBe(401);
    const foreign = { ...body, tenant: 'globex' };
    expect((await call(url, '/v1/decisions', { key: ACME, body: foreign })).status).toBe(403);
    const pack = await call(url, '/v1/decisions', {
      key: ACME,
      body: { ...body, policyPack: 'someone-elses-pack' },
    });
    expect(pack.status).toBe(400);
    expect(pack.body).toMatchObject({ error: 'unknown_policy_pack' });
    expect(pack.body.issues[0].path).toBe('policyPack');
  });

  it('never shows one tenant the decisions of another', async () => {
    const a = await call(url, '/v1/decisions', {
      key: ACME,
      body: requestBody({ type: 'read_file', target: 'a.txt' }, { sessionId: 'shared' }),
    });
    const b = await call(url, '/v1/decisions', {
      key: GLOBEX,
      body: requestBody({ type: 'read_file', target: 'b.txt' }, { sessionId: 'shared' }),
    });
    const aId = a.body.decisionId as string;
    const bId = b.body.decisionId as string;

    expect((await call(url, `/v1/decisions/${aId}`, { key: ACME })).body.decisionId).toBe(aId);
    expect((await call(url, `/v1/decisions/${aId}`, { key: GLOBEX })).status).toBe(404);
    expect((await call(url, `/v1/decisions/${bId}`, { key: ACME })).status).toBe(404);
    const listA = await call(url, '/v1/decisions', { key: ACME });
    expect(listA.body.items.map((d: Decision) => d.decisionId)).toEqual([aId]);
    const asB = await call(url, '/v1/decisions?tenant=acme', { key: GLOBEX });
    expect(asB.status).toBe(403);
    const sessionB = await call(url, '/v1/sessions/shared/decisions', { key: GLOBEX });
    expect(sessionB.body.items.map((d: Decision) => d.decisionId)).toEqual([bId]);
    expect((await call(url, `/v1/decisions/${aId}`)).status).toBe(401);
  });

  it('lists with filters and pages with nextCursor; session history oldest first', async () => {
    const targets = ['a.ts', '.env', 'b.ts', 'id_rsa', 'c.ts'];
    const ids: string[] = [];
    for (const target of targets) {
      const type = target.endsWith('.ts') ? 'write_file' : 'read_file';
      const res = await call(url, '/v1/decisions', {
        key: ACME,
        body: requestBody({ type, target }, { sessionId: 'sess-list' }),
      });
      ids.push(res.body.decisionId);
    }
    const blocked = await call(url, '/v1/decisions?outcome=block&minSeverity=high', { key: ACME });
    expect(blocked.body.items.map((d: Decision) => d.decisionId)).toEqual([ids[3], ids[1]]);
    const reads = await call(url, '/v1/decisions?actionType=read_file', { key: ACME });
    expect(reads.body.items).toHaveLength(2);

    const first = await call(url, '/v1/decisions?limit=2', { key: ACME });
    expect(first.body.items.map((d: Decision) => d.decisionId)).toEqual([ids[4], ids[3]]);
    const second = await call(url, `/v1/decisions?limit=2&cursor=${first.body.nextCursor}`, {
      key: ACME,
    });
    expect(second.body.items.map((d: Decision) => d.decisionId)).toEqual([ids[2], ids[1]]);

    const history = await call(url, '/v1/sessions/sess-list/decisions', { key: ACME });
    expect(history.body.items.map((d: Decision) => d.decisionId)).toEqual(ids);

    const bad = await call(url, '/v1/decisions?outcome=maybe&limit=0', { key: ACME });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'limit',
      'outcome',
    ]);
  });

  it('judges a tenant in its own mode; a request may only make it stricter', async () => {
    const warnAction = { type: 'execute_command', target: 'kubectl delete pod web-1' };
    const strictTenant = await call(url, '/v1/decisions', {
      key: GLOBEX,
      body: requestBody(warnAction, { mode: 'break_glass' }),
    });
    expect(strictTenant.body.mode).toBe('strict');
    const looser = await call(url, '/v1/decisions', {
      key: ACME,
      body: requestBody({ type: 'read_file', target: '.env' }, { mode: 'audit_only' }),
    });
    expect(looser.body).toMatchObject({ mode: 'enforce', outcome: 'block' });
    const stricter = await call(url, '/v1/decisions', {
      key: ACME,
      body: requestBody(warnAction, { mode: 'strict' }),
    });
    expect(stricter.body.mode).toBe('strict');
  });

  it('reports health, readiness and metrics', async () => {
    await call(url, '/v1/decisions', {
      key: ACME,
      body: requestBody({ type: 'read_file', target: '.env' }),
    });
    expect((await call(url, '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(url, '/readyz')).body).toEqual({
      status: 'ready',
      store: 'ok',
      policy: 'ok',
      bus: 'none',
    });
    const metrics = await call(url, '/metrics');
    expect(metrics.body).toContain('cavra_decisions_total{outcome="block"} 1');
    expect(metrics.body).toContain('cavra_outbox_backlog 1');
    expect(metrics.body).toMatch(
      /cavra_http_request_duration_seconds_count\{[^}]*"\/v1\/decisions"/,
    );
  });
});
