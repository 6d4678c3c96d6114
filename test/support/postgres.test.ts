import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTempDatabase, withTempSchema } from './postgres.ts';

async function count(sql: string, params: unknown[]): Promise<number> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'test',
  });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(sql, params);
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL temp helpers', () => {
  it('creates a schema that url connections use by default, and drops it', async () => {
    const name = await withTempSchema(async (temp) => {
      const client = new pg.Client({ connectionString: temp.url });
      await client.connect();
      await client.query('CREATE TABLE t (id int)');
      await client.end();
      const tables = `SELECT count(*) AS n FROM information_schema.tables
        WHERE table_schema = $1 AND table_name = 't'`;
      expect(await count(tables, [temp.schema])).toBe(1);
      return temp.schema;
    });
    const schemas = 'SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = $1';
    expect(await count(schemas, [name])).toBe(0);
  });

  it('creates and drops a database even with a session still open', async () => {
    const temp = await createTempDatabase();
    const pool = new pg.Pool(temp.poolConfig);
    // DROP ... WITH (FORCE) terminates the idle session: expected here.
    pool.on('error', () => undefined);
    await pool.query('SELECT 1');
    await temp.drop();
    await pool.end().catch(() => undefined);
    expect(
      await count('SELECT count(*) AS n FROM pg_database WHERE datname = $1', [temp.database]),
    ).toBe(0);
  });
});
