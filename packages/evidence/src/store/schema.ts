import type { ColumnType, Kysely } from 'kysely';

/** A bigint column: PostgreSQL returns it as a string, SQLite as a number. */
type SeqColumn = ColumnType<number | string, number, number>;

export interface EntriesTable {
  tenant: string;
  seq: SeqColumn;
  record_id: string;
  record_type: string;
  recorded_at: string;
  /** The redacted record as JSON text, kept as text so what was hashed is what is read back. */
  record_json: string;
  prev_hash: string;
  hash: string;
}

/** One row per tenant: the chain head, and the row PostgreSQL appenders lock. */
export interface HeadsTable {
  tenant: string;
  seq: SeqColumn;
  hash: string;
}

export interface LedgerDatabase {
  evidence_entries: EntriesTable;
  evidence_heads: HeadsTable;
}

/** Creates the ledger tables when absent. Safe to run at every start. */
export async function migrateLedger(
  db: Kysely<LedgerDatabase>,
  seqType: 'integer' | 'bigint',
): Promise<void> {
  await db.schema
    .createTable('evidence_entries')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('seq', seqType, (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('record_json', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_entries_pk', ['tenant', 'seq'])
    .addUniqueConstraint('evidence_entries_record_uq', ['tenant', 'record_id'])
    .execute();

  await db.schema
    .createIndex('evidence_entries_time_ix')
    .ifNotExists()
    .on('evidence_entries')
    .columns(['tenant', 'recorded_at'])
    .execute();

  await db.schema
    .createTable('evidence_heads')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.primaryKey())
    .addColumn('seq', seqType, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}
