interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: calls made while a flush is running (or within the same tick) are written
 * together by the next flush, in one transaction. Under load this turns N commits (each an
 * fsync on SQLite, a round trip on PostgreSQL) into one, while a lone call still goes out on the
 * next turn of the event loop.
 */
export class CommitQueue<T> {
  #pending: Waiter<T>[] = [];
  #flushing = false;
  #scheduled = false;

  constructor(
    private readonly writeBatch: (items: T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  /** Resolves once `item` is committed; rejects with the error of its own write. */
  enqueue(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#flushing || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    const batch = this.#pending.splice(0, this.maxBatch);
    try {
      await this.writeBatch(batch.map((p) => p.item));
      for (const p of batch) p.resolve();
    } catch (err) {
      await this.#isolate(batch, err);
    } finally {
      this.#flushing = false;
      if (this.#pending.length > 0) this.#schedule();
    }
  }

  /** A failed batch is retried one item at a time, so one bad item fails only its own call. */
  async #isolate(batch: Waiter<T>[], batchError: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]?.reject(batchError);
      return;
    }
    for (const p of batch) {
      try {
        await this.writeBatch([p.item]);
        p.resolve();
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
