import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DecisionStore, OutboxRow } from './port.ts';
import type { DecisionDatabase } from './schema.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import {
  decisionRow,
  envelopeText,
  outboxRow,
  type PendingSave,
  SqlDecisionStore,
} from './sql-store.ts';

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
  const store = new SqliteDecisionStore(db, database);
  await store.migrate();
  // The checkpoint thread opens its own connection, which needs the tables to exist; an
  // in-memory database cannot be shared with another connection.
  if (options.path !== ':memory:') store.checkpointOffLoop(options.path);
  return store;
}

/** SQLite's default automatic checkpoint threshold, in WAL pages. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

interface OutboxSelectRow {
  id: number;
  topic: string;
  msg_key: string;
  event: string;
  body: string;
}

/**
 * The SQLite adapter: kysely for queries, but the three statements on the hot path (save,
 * claim, mark) are prepared once and run synchronously, which is several times cheaper than
 * building and preparing the SQL per call. Schema and migrations stay kysely's.
 */
export class SqliteDecisionStore extends SqlDecisionStore {
  #claim: Database.Statement<[number], OutboxSelectRow> | undefined;
  #statements: { save(items: PendingSave[]): void; mark(ids: number[]): void } | undefined;
  #checkpointer: WalCheckpointer | undefined;

  constructor(
    db: Kysely<DecisionDatabase>,
    private readonly database: Database.Database,
  ) {
    super('sqlite', db);
  }

  /**
   * Moves WAL checkpoints to a worker thread, so a checkpoint never stalls a commit on the
   * event loop. Should that thread die, SQLite checkpoints on commit again.
   */
  checkpointOffLoop(path: string): void {
    this.database.pragma('wal_autocheckpoint = 0');
    this.#checkpointer = new WalCheckpointer({
      path,
      onFailure: () => {
        if (this.database.open) {
          this.database.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        }
      },
    });
  }

  override async close(): Promise<void> {
    await this.#checkpointer?.stop();
    await super.close();
  }

  /** Prepared after migration, on first use, since the tables must exist first. */
  #prepared() {
    if (this.#statements) return this.#statements;
    const insertDecision = this.database.prepare(
      `insert into decisions (decision_id, tenant, session_id, agent_id, outcome, action_type,
        severity_rank, decided_at, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertOutbox = this.database.prepare(
      `insert into outbox (decision_id, topic, msg_key, event, created_at)
        values (?, ?, ?, ?, ?)`,
    );
    const deleteOne = this.database.prepare('delete from outbox where id = ?');
    this.#claim = this.database.prepare<[number], OutboxSelectRow>(
      `select o.id, o.topic, o.msg_key, o.event, d.body from outbox o
        join decisions d on d.decision_id = o.decision_id order by o.id limit ?`,
    );
    this.#statements = {
      save: this.database.transaction((items: PendingSave[]) => {
        const now = new Date().toISOString();
        for (const { decision, outbox, body } of items) {
          const r = decisionRow(decision, body);
          // Positional parameters: binding by name costs a lookup per column and row.
          insertDecision.run(
            r.decision_id,
            r.tenant,
            r.session_id,
            r.agent_id,
            r.outcome,
            r.action_type,
            r.severity_rank,
            r.decided_at,
            r.body,
          );
          const event = envelopeText(outbox);
          insertOutbox.run(decision.decisionId, outbox.topic, outbox.key, event, now);
        }
      }),
      mark: this.database.transaction((ids: number[]) => {
        for (const id of ids) deleteOne.run(id);
      }),
    };
    return this.#statements;
  }

  protected override async writeBatch(items: PendingSave[]): Promise<void> {
    await this.guard(() => this.#prepared().save(items));
  }

  override async claimUnpublished(limit: number): Promise<OutboxRow[]> {
    const rows = await this.guard(() => {
      this.#prepared();
      return this.#claim?.all(limit) ?? [];
    });
    return rows.map((r) => outboxRow(r.id, r));
  }

  override async markPublished(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.guard(() => this.#prepared().mark(ids));
  }
}
