/**
 * PostgreSQL helpers for tests: a uniquely named schema or database on the local server
 * (127.0.0.1:5432, database `test`, trust auth), dropped on cleanup.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the temporary schema or database lives, ready for `pg`, kysely or a URL consumer. */
export interface TempPostgres {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Set for a temp schema: also the `search_path` of connections made from `url`. */
  schema?: string;
  /** A `postgres://` URL; for a schema it sets `search_path` through `options`. */
  url: string;
  /** Pool settings equivalent to `url`. */
  poolConfig: pg.PoolConfig;
  drop(): Promise<void>;
}

const HOST = process.env.PGHOST ?? '127.0.0.1';
const PORT = Number(process.env.PGPORT ?? 5432);
const USER = process.env.PGUSER ?? 'postgres';
const BASE_DATABASE = process.env.PGDATABASE ?? 'test';

function uniqueIdentifier(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function adminQuery(sql: string, database = BASE_DATABASE): Promise<void> {
  const client = new pg.Client({ host: HOST, port: PORT, user: USER, database });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function baseUrl(database: string): string {
  return `postgres://${encodeURIComponent(USER)}@${HOST}:${PORT}/${encodeURIComponent(database)}`;
}

/** Creates schema `<prefix>_<unique>` in database `test`; `drop()` removes it with its tables. */
export async function createTempSchema(prefix = 'cavra_test'): Promise<TempPostgres> {
  const schema = uniqueIdentifier(prefix);
  await adminQuery(`CREATE SCHEMA "${schema}"`);
  const options = `-c search_path=${schema}`;
  return {
    host: HOST,
    port: PORT,
    user: USER,
    database: BASE_DATABASE,
    schema,
    url: `${baseUrl(BASE_DATABASE)}?options=${encodeURIComponent(options)}`,
    poolConfig: { host: HOST, port: PORT, user: USER, database: BASE_DATABASE, options },
    drop: () => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
  };
}

/** Creates database `<prefix>_<unique>`; `drop()` removes it, closing leftover sessions. */
export async function createTempDatabase(prefix = 'cavra_test'): Promise<TempPostgres> {
  const database = uniqueIdentifier(prefix);
  await adminQuery(`CREATE DATABASE "${database}"`);
  return {
    host: HOST,
    port: PORT,
    user: USER,
    database,
    url: baseUrl(database),
    poolConfig: { host: HOST, port: PORT, user: USER, database },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  };
}

/** Runs `fn` with a temp schema and drops the schema afterwards, whatever `fn` does. */
export async function withTempSchema<T>(fn: (pg: TempPostgres) => Promise<T>): Promise<T> {
  const temp = await createTempSchema();
  try {
    return await fn(temp);
  } finally {
    await temp.drop();
  }
}

/** Runs `fn` with a temp database and drops the database afterwards. */
export async function withTempDatabase<T>(fn: (pg: TempPostgres) => Promise<T>): Promise<T> {
  const temp = await createTempDatabase();
  try {
    return await fn(temp);
  } finally {
    await temp.drop();
  }
}
