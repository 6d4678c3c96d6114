import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreError } from '../errors.ts';

/** Values bound per saved decision: nine decision columns, then four outbox columns. */
export const SAVE_STRIDE = 13;

/**
 * The writer thread's code, evaluated rather than loaded from a file so that it runs the same
 * under Node.js, tsx and the test runner (see wal-checkpointer.ts). It owns its own connection
 * and runs each batch of saves as one transaction: the group commit happens here, off the
 * event loop, while the main thread goes on deciding.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = ' + workerData.autocheckpoint);
const insertDecision = db.prepare(
  'insert into decisions (decision_id, tenant, session_id, agent_id, outcome, action_type, ' +
  'severity_rank, decided_at, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
const insertOutbox = db.prepare(
  'insert into outbox (decision_id, topic, msg_key, event, created_at) values (?, ?, ?, ?, ?)');
const deleteOne = db.prepare('delete from outbox where id = ?');
const S = ${SAVE_STRIDE};
const save = db.transaction((v) => {
  const now = new Date().toISOString();
  for (let i = 0; i < v.length; i += S) {
    insertDecision.run(v[i], v[i + 1], v[i + 2], v[i + 3], v[i + 4], v[i + 5], v[i + 6],
      v[i + 7], v[i + 8]);
    insertOutbox.run(v[i + 9], v[i + 10], v[i + 11], v[i + 12], now);
  }
});
const mark = db.transaction((ids) => { for (const id of ids) deleteOne.run(id); });
parentPort.on('message', (m) => {
  if (m.kind === 'stop') { db.close(); parentPort.close(); return; }
  if (m.kind === 'autocheckpoint') { db.pragma('wal_autocheckpoint = ' + m.pages); return; }
  try {
    if (m.kind === 'save') save(m.values); else mark(m.ids);
    parentPort.postMessage({ id: m.id });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

interface Reply {
  id: number;
  error?: string;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes decisions from a worker thread on its own SQLite connection (reads stay on the main
 * thread: WAL lets them run beside the writer). Each call resolves once its transaction is
 * committed; should the thread die, every waiting and later call rejects with a `StoreError`,
 * which the service answers fail-closed.
 */
export class SqliteWriter {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiter>();
  #nextId = 0;
  #failure: StoreError | undefined;
  #stopping = false;
  readonly #exited: Promise<void>;

  constructor(path: string, options: { autocheckpointPages: number }) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path, autocheckpoint: options.autocheckpointPages },
    });
    // An idle writer must not keep a process alive that is otherwise done.
    this.#worker.unref();
    this.#worker.on('message', (m: Reply) => this.#settle(m));
    this.#worker.on('error', (err) => this.#fail(err));
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#fail(new Error(`writer thread exited (${code})`));
        resolve();
      });
    });
  }

  /** Inserts decisions and outbox rows (`SAVE_STRIDE` values each) in one transaction. */
  save(values: (string | number)[]): Promise<void> {
    return this.#send({ kind: 'save', values });
  }

  /** Deletes published outbox rows in one transaction. */
  mark(ids: number[]): Promise<void> {
    return this.#send({ kind: 'mark', ids });
  }

  /** Sets the writer's automatic checkpoint threshold (0 turns them off). */
  autocheckpoint(pages: number): void {
    if (!this.#failure) this.#worker.postMessage({ kind: 'autocheckpoint', pages });
  }

  /** Lets queued writes finish, then closes the connection and ends the thread. */
  async stop(): Promise<void> {
    if (!this.#stopping && !this.#failure) this.#worker.postMessage({ kind: 'stop' });
    this.#stopping = true;
    await this.#exited;
  }

  /** Ends the thread at once, as a crash would; pending writes fail. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
    await this.#exited;
  }

  #send(message: { kind: 'save'; values: unknown[] } | { kind: 'mark'; ids: number[] }) {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#stopping) return Promise.reject(new StoreError('store_closed', 'store is closed'));
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  #settle(reply: Reply): void {
    const waiter = this.#waiting.get(reply.id);
    if (!waiter) return;
    this.#waiting.delete(reply.id);
    if (reply.error === undefined) waiter.resolve();
    else waiter.reject(new StoreError('store_unavailable', `sqlite write failed: ${reply.error}`));
  }

  #fail(cause: unknown): void {
    if (this.#failure) return;
    this.#failure = this.#stopping
      ? new StoreError('store_closed', 'decision store is closed', { cause })
      : new StoreError('store_unavailable', 'sqlite writer thread stopped', { cause });
    for (const waiter of this.#waiting.values()) waiter.reject(this.#failure);
    this.#waiting.clear();
  }
}
