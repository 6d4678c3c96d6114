import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DecisionStore, OutboxRow } from './port.ts';
import type { DecisionDatabase } from './schema.ts';
import { SqliteWriter } from './sqlite-writer.ts';
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
  /**
   * Write from a worker thread on its own connection (ignored for `:memory:`). Off by default:
   * on the 2-CPU benchmark machine the event loop saved no CPU per decision (handing rows to
   * the thread costs about what inserting them does) and the process spent about 14 us more.
   */
  writerThread?: boolean;
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
  // The worker threads open their own connections, which needs the tables to exist; an
  // in-memory database cannot be shared with another connection.
  if (options.path === ':memory:') return store;
  if (options.writerThread === true) store.writeOffLoop(options.path);
  else store.checkpointOffLoop(options.path);
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
  #writer: SqliteWriter | undefined;
  #checkpointer: WalCheckpointer | undefined;

  constructor(
    db: Kysely<DecisionDatabase>,
    private readonly database: Database.Database,
  ) {
    super('sqlite', db);
  }

  /**
   * Moves writes to a worker thread and WAL checkpoints to another, so neither a commit nor a
   * checkpoint runs on the event loop. Should the checkpoint thread die, SQLite checkpoints on
   * commit again (in the writer thread, still off the loop).
   */
  writeOffLoop(path: string): void {
    this.#writer = new SqliteWriter(path, { autocheckpointPages: 0 });
    this.checkpointOffLoop(path);
  }

  /** Moves WAL checkpoints to a worker thread (writes stay where they are). */
  checkpointOffLoop(path: string): void {
    this.database.pragma('wal_autocheckpoint = 0');
    this.#checkpointer = new WalCheckpointer({
      path,
      onFailure: () => {
        this.#writer?.autocheckpoint(SQLITE_AUTOCHECKPOINT_PAGES);
        if (this.database.open) {
          this.database.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        }
      },
    });
  }

  /** Ends the writer thread as a crash would (its pending and later writes fail). */
  async terminateWriter(): Promise<void> {
    await this.#writer?.terminate();
  }

  override async close(): Promise<void> {
    await this.#checkpointer?.stop();
    await this.#writer?.stop();
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
    const writer = this.#writer;
    if (writer) await this.guard(() => writer.save(saveValues(items)));
    else await this.guard(() => this.#prepared().save(items));
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
    const writer = this.#writer;
    // Deleting is a write too: from the writer thread it never waits for the SQLite write lock
    // on the event loop.
    if (writer) await this.guard(() => writer.mark(ids));
    else await this.guard(() => this.#prepared().mark(ids));
  }
}

/** The bound values of a batch of saves, `SAVE_STRIDE` per save, for the writer thread. */
function saveValues(items: PendingSave[]): (string | number)[] {
  const values: (string | number)[] = [];
  for (const { decision, outbox, body } of items) {
    const r = decisionRow(decision, body);
    values.push(
      r.decision_id,
      r.tenant,
      r.session_id,
      r.agent_id,
      r.outcome,
      r.action_type,
      r.severity_rank,
      r.decided_at,
      r.body,
      r.decision_id,
      outbox.topic,
      outbox.key,
      envelopeText(outbox),
    );
  }
  return values;
}
