import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code. It is evaluated rather than loaded from a file so that it runs the same
 * under plain Node.js, tsx and the test runner, none of which agree on how a worker loads
 * TypeScript; the driver's path is resolved here and handed over.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ failed: String(err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointerOptions {
  /** The database file (in WAL mode). */
  path: string;
  /** How often to checkpoint (default 200 ms). */
  intervalMs?: number;
  /** Called when the worker stops unexpectedly, e.g. to turn automatic checkpoints back on. */
  onFailure: (error: unknown) => void;
}

/**
 * Checkpoints a WAL database from a worker thread on its own connection. SQLite otherwise
 * checkpoints inside the commit that crosses 1000 WAL pages, which copies pages and syncs the
 * file on the event loop: a stall of several milliseconds for every request waiting behind it,
 * the main cause of the decision service's p99. A passive checkpoint never blocks the writer.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #stopping = false;
  #exited = false;

  constructor(options: WalCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: options.path, intervalMs: options.intervalMs ?? 200 },
    });
    // A lone idle worker must not keep a process alive that is otherwise done.
    this.#worker.unref();
    this.#worker.on('message', (m: { failed?: string }) => {
      if (m.failed !== undefined) options.onFailure(new Error(m.failed));
    });
    this.#worker.on('error', (err) => options.onFailure(err));
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      if (!this.#stopping) options.onFailure(new Error(`checkpoint worker exited (${code})`));
    });
  }

  /** Stops checkpointing and closes the worker's connection. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#exited) return;
    const exited = once(this.#worker, 'exit');
    this.#worker.postMessage('stop');
    await exited;
  }
}
