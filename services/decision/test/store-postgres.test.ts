import { expect, it } from 'vitest';
import pg from 'pg';
import { createTempSchema } from '../../../test/support/postgres.ts';
import { StoreError } from '../src/errors.ts';
import { createPostgresDecisionStore } from '../src/store/postgres.ts';
import { outboxFor, sampleDecision } from './fixtures.ts';
import { decisionStoreContract } from './store-contract.ts';
import { openTestStore } from './harness.ts';

decisionStoreContract('postgres', () => openTestStore('postgres'));

it('reports an unreachable server as a retryable StoreError', async () => {
  const attempt = createPostgresDecisionStore({
    url: 'postgres://postgres@127.0.0.1:1/test',
    connectTimeoutMs: 1000,
  });
  await expect(attempt).rejects.toBeInstanceOf(StoreError);
  await expect(attempt).rejects.toMatchObject({ retryable: true });
});

it('creates its schema and migration tables when the schema does not exist yet', async () => {
  const temp = await createTempSchema('cavra_fresh');
  const admin = new pg.Client(temp.poolConfig);
  await admin.connect();
  try {
    // A name that does not exist yet: the temp schema is dropped before the store opens it.
    await admin.query(`DROP SCHEMA "${temp.schema}"`);
    const store = await createPostgresDecisionStore({
      url: `postgres://${temp.user}@${temp.host}:${temp.port}/${temp.database}`,
      schema: temp.schema,
    });
    const d = sampleDecision();
    await store.saveDecision(d, outboxFor(d));
    expect(await store.outboxBacklog()).toBe(1);
    await store.close();
    const tables = await admin.query(
      'select table_name from information_schema.tables where table_schema = $1',
      [temp.schema],
    );
    expect(tables.rows.map((r: { table_name: string }) => r.table_name).sort()).toEqual([
      'decisions',
      'kysely_migration',
      'kysely_migration_lock',
      'outbox',
    ]);
  } finally {
    await admin.end();
    await temp.drop();
  }
});
