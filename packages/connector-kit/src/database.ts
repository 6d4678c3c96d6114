import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from '@cavra/config';

/** A kysely handle on the runtime's tables and the function that closes it. */
export interface OpenDatabase<T> {
  db: Kysely<T>;
  close(): Promise<void>;
}

/** Opens a SQLite file (WAL, busy timeout) for the runtime's own tables. */
export function openSqliteDatabase<T>(path: string): OpenDatabase<T> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  // WAL with NORMAL survives a process crash (the case delivery keys guard against); only a
  // power loss may lose the last commits, which then are delivered again under the same key.
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database }) });
  return { db, close: () => db.destroy() };
}

/** Opens a PostgreSQL schema (created if missing) for the runtime's own tables. */
export async function openPostgresDatabase<T>(options: {
  url: string;
  schema: string;
}): Promise<OpenDatabase<T>> {
  const pool = new pg.Pool({ connectionString: options.url, max: 4 });
  const root = new Kysely<T>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(root);
  } catch (err) {
    await root.destroy();
    throw err;
  }
  return { db: root.withSchema(options.schema), close: () => root.destroy() };
}

/** Opens the database the configuration's `store` names. */
export function openStoreDatabase<T>(store: StoreConfig): Promise<OpenDatabase<T>> {
  if (store.kind === 'postgres') {
    return openPostgresDatabase<T>({ url: store.url.reveal(), schema: store.schema });
  }
  return Promise.resolve(openSqliteDatabase<T>(store.path));
}
