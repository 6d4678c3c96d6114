import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { GENESIS_HASH } from '../entry.ts';
import { EvidenceError, invalidInput } from '../errors.ts';
import type { EvidenceLedger } from '../ledger.ts';
import { migrateLedger } from './schema.ts';
import type { LedgerDatabase } from './schema.ts';
import { SqlLedger } from './sql-ledger.ts';
import type { TenantLock } from './sql-ledger.ts';

export interface PostgresLedgerOptions {
  /** A `postgres://` URL. */
  connectionString: string;
  /** The schema that holds the ledger tables, created when absent; default: the server's
   * `search_path` (which a URL can set with `?options=-c search_path=...`). */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a ledger in PostgreSQL, creating its schema and tables when absent. */
export async function createPostgresLedger(
  options: PostgresLedgerOptions,
): Promise<EvidenceLedger> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw invalidInput('schema', 'a lower-case SQL identifier', schema);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Every connection resolves the ledger tables in the configured schema.
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });

  try {
    await db.transaction().execute(async (trx) => {
      // Serialises start-up migrations of several replicas: CREATE ... IF NOT EXISTS can race.
      await sql`select pg_advisory_xact_lock(hashtext('cavra-evidence-migrate'))`.execute(trx);
      if (schema !== undefined) {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      }
      await migrateLedger(trx, 'bigint');
    });
  } catch (err) {
    await db.destroy();
    const detail = err instanceof Error ? err.message : String(err);
    throw new EvidenceError('store_unavailable', `open PostgreSQL ledger: ${detail}`, true, {
      cause: err,
    });
  }
  return new SqlLedger('postgres', db, lockHeadRow);
}

/**
 * Locks the tenant's head row (created on first use) for the transaction: appenders of one
 * tenant, on any connection or host, queue here; other tenants are not held up. The no-op
 * update of an upsert takes the row lock and returns the head in one round trip.
 */
const lockHeadRow: TenantLock = (db, tenant, work) =>
  db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('evidence_heads')
      .values({ tenant, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('tenant').doUpdateSet({ tenant }))
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const seq = Number(row.seq);
    return work(trx, seq === 0 ? { seq: 0, hash: GENESIS_HASH } : { seq, hash: row.hash });
  });
