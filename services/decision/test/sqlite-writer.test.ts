import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { TenantConfig } from '@cavra/config';
import { Decision } from '@cavra/contracts';
import { StoreError } from '../src/errors.ts';
import { createSqliteDecisionStore, SqliteDecisionStore } from '../src/store/sqlite.ts';
import { outboxFor, sampleDecision } from './fixtures.ts';
import { call, listenApp, requestBody } from './harness.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function fileStore(): Promise<{ store: SqliteDecisionStore; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-writer-'));
  const path = join(dir, 'cavra.db');
  const store = await createSqliteDecisionStore({ path, writerThread: true });
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
  );
  if (!(store instanceof SqliteDecisionStore)) throw new Error('expected the SQLite adapter');
  return { store, path };
}

const openTenant = [TenantConfig.parse({ id: 'acme' })];
const body = requestBody({ type: 'write_file', target: 'src/app.ts' });

it('has the decision and its outbox row committed before it answers', async () => {
  const { store, path } = await fileStore();
  const server = await listenApp({ store, tenants: openTenant });
  cleanup.push(() => server.close());
  // Another connection, as a process restarted right after the answer would open.
  const reader = new Database(path, { readonly: true });
  cleanup.push(() => {
    reader.close();
  });
  const count = reader.prepare<[string, string], { n: number }>(
    `select (select count(*) from decisions where decision_id = ?) +
      (select count(*) from outbox where decision_id = ?) as n`,
  );

  const answers = await Promise.all(
    Array.from({ length: 20 }, () => call(server.url, '/v1/decisions', { body })),
  );
  for (const res of answers) {
    expect(res.status).toBe(200);
    const { decisionId } = Decision.parse(res.body);
    expect(count.get(decisionId, decisionId)?.n).toBe(2);
  }
});

it('fails saves with a StoreError once the writer is gone, then answers 503 blocks', async () => {
  const { store } = await fileStore();
  const server = await listenApp({ store, tenants: openTenant });
  cleanup.push(() => server.close());
  expect((await call(server.url, '/v1/decisions', { body })).status).toBe(200);

  const d = sampleDecision();
  const pending = store.saveDecision(d, outboxFor(d));
  await store.terminateWriter();
  await expect(pending).rejects.toBeInstanceOf(StoreError);

  const res = await call(server.url, '/v1/decisions', { body });
  expect(res.status).toBe(503);
  expect(Decision.parse(res.body)).toMatchObject({
    outcome: 'block',
    policy: { ruleId: 'fail_closed' },
  });
  // Reads stay on the main connection and still answer.
  expect((await call(server.url, '/v1/decisions')).status).toBe(200);
});
