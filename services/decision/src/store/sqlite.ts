import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DecisionStore } from './port.ts';
import type { DecisionDatabase } from './schema.ts';
import { SqlDecisionStore } from './sql-store.ts';

export interface SqliteStoreOptions {
  /** Database file; `:memory:` for a throwaway store. Parent folders are created. */
  path: string;
}

/**
 * Opens (and migrates) the SQLite decision store: WAL journal, `synchronous=NORMAL` (a commit
 * survives a process crash; a power cut may lose the last commits, never corrupt the file).
 */
export async function createSqliteDecisionStore(
  options: SqliteStoreOptions,
): Promise<DecisionStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const database = new Database(options.path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<DecisionDatabase>({ dialect: new SqliteDialect({ database }) });
  const store = new SqlDecisionStore('sqlite', db);
  await store.migrate();
  return store;
}
