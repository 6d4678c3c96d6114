import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { EvidenceError } from '../errors.ts';
import type { EvidenceLedger } from '../ledger.ts';
import { migrateLedger } from './schema.ts';
import type { LedgerDatabase } from './schema.ts';
import { SqlLedger } from './sql-ledger.ts';
import type { TenantLock } from './sql-ledger.ts';

export interface SqliteLedgerOptions {
  /** A file path (its directory is created) or `:memory:`. */
  path: string;
  /** How long a writer waits for another process's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens (and creates when absent) a ledger in a SQLite file. Several processes may share the
 * file: each append takes SQLite's write lock with BEGIN IMMEDIATE, so chains never fork.
 */
export async function createSqliteLedger(options: SqliteLedgerOptions): Promise<EvidenceLedger> {
  let database: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    database = new Database(options.path);
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.path !== ':memory:') database.pragma('journal_mode = WAL');
    // Evidence is committed before the bus offset: it must survive power loss, not only a crash.
    database.pragma('synchronous = FULL');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new EvidenceError(
      'store_unavailable',
      `open SQLite ledger ${options.path}: ${detail}`,
      false,
      {
        cause: err,
      },
    );
  }

  const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database }) });
  await migrateLedger(db, 'integer');
  const lock =
    options.path === ':memory:' ? lockWithImmediateTransaction : fileLock(resolve(options.path));
  return new SqlLedger('sqlite', db, lock);
}

/** Appends queued per file across every ledger this process opened on it. */
const fileQueues = new Map<string, Promise<unknown>>();

/**
 * better-sqlite3 waits for a busy file synchronously, which blocks the event loop: two ledgers
 * of one process on one file would wait on each other until the busy timeout. Queueing their
 * appends here first leaves SQLite's lock to arbitrate between processes only.
 */
function fileLock(path: string): TenantLock {
  return function queuedAppend(db, tenant, work) {
    const previous = fileQueues.get(path) ?? Promise.resolve();
    const run = previous.then(() => lockWithImmediateTransaction(db, tenant, work));
    const settled = run.catch(() => undefined);
    fileQueues.set(path, settled);
    void settled.then(() => {
      if (fileQueues.get(path) === settled) fileQueues.delete(path);
    });
    return run;
  };
}

/**
 * kysely's SQLite driver holds one connection behind a mutex, which serialises appenders in
 * this process; BEGIN IMMEDIATE takes the file's write lock up front, which serialises other
 * processes before the head is read rather than failing at commit.
 */
const lockWithImmediateTransaction: TenantLock = (db, _tenant, work) =>
  db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
