import { afterEach, expect, it } from 'vitest';
import pg from 'pg';
import { TenantConfig } from '@cavra/config';
import { Decision } from '@cavra/contracts';
import { createTempSchema, type TempPostgres } from '../../../test/support/postgres.ts';
import { createPostgresDecisionStore } from '../src/store/postgres.ts';
import { call, listenApp, openTestStore, requestBody } from './harness.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

const openTenant = [TenantConfig.parse({ id: 'acme' })];
const body = requestBody({ type: 'write_file', target: 'src/app.ts' });

it('answers 503 with a fail-closed block when the store is closed', async () => {
  const { store, dispose } = await openTestStore('sqlite');
  const server = await listenApp({ store, tenants: openTenant });
  cleanup.push(dispose, () => server.close());
  await store.close();

  const res = await call(server.url, '/v1/decisions', { body });
  expect(res.status).toBe(503);
  const decision = Decision.parse(res.body);
  expect(decision).toMatchObject({
    outcome: 'block',
    tenant: 'acme',
    policy: { pack: 'cavra-baseline', ruleId: 'fail_closed' },
  });
  expect(decision.reason).toContain('decision store unavailable');
  const ready = await call(server.url, '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body).toMatchObject({ status: 'not_ready', store: 'unavailable' });
  expect((await call(server.url, '/v1/decisions')).status).toBe(503);
  const metrics = await call(server.url, '/metrics');
  expect(metrics.body).toContain('cavra_decisions_fail_closed_total{cause="store"} 1');
});

it('answers 503 with a fail-closed block when the tables are gone from the server', async () => {
  const temp: TempPostgres = await createTempSchema('cavra_decisions');
  const store = await createPostgresDecisionStore({
    url: `postgres://${temp.user}@${temp.host}:${temp.port}/${temp.database}`,
    schema: temp.schema,
  });
  const server = await listenApp({ store, tenants: openTenant });
  cleanup.push(
    () => temp.drop(),
    () => store.close(),
    () => server.close(),
  );
  const ok = await call(server.url, '/v1/decisions', { body });
  expect(ok.status).toBe(200);

  const admin = new pg.Client(temp.poolConfig);
  await admin.connect();
  await admin.query(`DROP SCHEMA "${temp.schema}" CASCADE`);
  await admin.end();

  const res = await call(server.url, '/v1/decisions', { body });
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ outcome: 'block', policy: { ruleId: 'fail_closed' } });
});

it('blocks with rule fail_closed when the tenant pack cannot be resolved', async () => {
  const { store, dispose } = await openTestStore('sqlite');
  const broken = [TenantConfig.parse({ id: 'acme', policyPacks: ['pack-that-is-missing'] })];
  const server = await listenApp({ store, tenants: broken });
  cleanup.push(dispose, () => server.close());

  const res = await call(server.url, '/v1/decisions', { body });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    outcome: 'block',
    severity: 'high',
    policy: { pack: 'pack-that-is-missing', version: 'unknown', ruleId: 'fail_closed' },
  });
  expect(res.body.reason).toMatch(/pack-that-is-missing.*failing closed/);
  expect(await store.getDecision('acme', res.body.decisionId)).toEqual(res.body);

  const ready = await call(server.url, '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.policy[0]).toContain('pack-that-is-missing');
});

it('accepts keyless requests for the named or only tenant when no keys exist', async () => {
  const { store, dispose } = await openTestStore('sqlite');
  const two = [TenantConfig.parse({ id: 'acme' }), TenantConfig.parse({ id: 'globex' })];
  const server = await listenApp({ store, tenants: two });
  cleanup.push(dispose, () => server.close());

  const named = await call(server.url, '/v1/decisions', { body: { ...body, tenant: 'globex' } });
  expect(named.body.tenant).toBe('globex');
  const unnamed = await call(server.url, '/v1/decisions', { body });
  expect(unnamed.status).toBe(400);
  expect(unnamed.body.error).toBe('tenant_required');
  const unknown = await call(server.url, '/v1/decisions', { body: { ...body, tenant: 'initech' } });
  expect(unknown.status).toBe(400);
  const list = await call(server.url, '/v1/decisions?tenant=globex');
  expect(list.body.items).toHaveLength(1);
  const wrongKey = await call(server.url, '/v1/decisions', { body, key: 'test-key-none' });
  expect(wrongKey.status).toBe(401);
});
