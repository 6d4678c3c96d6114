import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DecisionStore } from './port.ts';
import type { DecisionDatabase } from './schema.ts';
import { SqlDecisionStore } from './sql-store.ts';
import { DecisionInputError, StoreError } from '../errors.ts';

export interface PostgresStoreOptions {
  /** Connection string, e.g. `postgres://user@127.0.0.1:5432/db`. */
  url: string;
  /** Schema holding the tables (created when missing). */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Connection timeout in ms (default 5000): a down server fails a request, not hangs it. */
  connectTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens (and migrates) the PostgreSQL decision store in its own schema. */
export async function createPostgresDecisionStore(
  options: PostgresStoreOptions,
): Promise<DecisionStore> {
  const schema = options.schema ?? 'cavra';
  if (!SCHEMA_NAME.test(schema)) {
    throw new DecisionInputError(
      'invalid_option',
      'schema',
      `a name matching ${SCHEMA_NAME}`,
      schema,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Unqualified table names resolve to the store's schema on every pooled connection.
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its server emits 'error' on the pool; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DecisionDatabase>({ dialect: new PostgresDialect({ pool }) });
  const store = new SqlDecisionStore('postgres', db, schema);
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
    await store.migrate();
  } catch (err) {
    await store.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError('store_unavailable', 'decision store (postgres) unreachable', {
      cause: err,
    });
  }
  return store;
}
