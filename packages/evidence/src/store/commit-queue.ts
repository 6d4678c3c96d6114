import type { EvidenceEntry } from '../entry.ts';
import type { AppendInput } from '../ledger.ts';

/** Commits one tenant's inputs in one transaction, returning their entries in order. */
export type CommitBatch = (tenant: string, inputs: AppendInput[]) => Promise<EvidenceEntry[]>;

interface Waiter {
  inputs: AppendInput[];
  resolve: (entries: EvidenceEntry[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit per tenant. Appends to one tenant are serial by nature (each needs the previous
 * hash), so while one transaction is in flight, later appends of that tenant wait here and go
 * together in the next transaction: one lock, one fsync for many entries. Each caller still
 * resolves only after the transaction holding its entries committed.
 */
export class TenantCommitQueue {
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(
    private readonly commit: CommitBatch,
    private readonly maxBatch = 500,
  ) {}

  submit(tenant: string, inputs: AppendInput[]): Promise<EvidenceEntry[]> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(tenant);
      if (queue) {
        queue.push({ inputs, resolve, reject });
        return;
      }
      this.waiting.set(tenant, [{ inputs, resolve, reject }]);
      void this.drain(tenant);
    });
  }

  private async drain(tenant: string): Promise<void> {
    for (;;) {
      const queue = this.waiting.get(tenant) ?? [];
      if (queue.length === 0) {
        this.waiting.delete(tenant);
        return;
      }
      const batch = this.takeBatch(queue);
      try {
        const entries = await this.commit(
          tenant,
          batch.flatMap((w) => w.inputs),
        );
        let offset = 0;
        for (const waiter of batch) {
          waiter.resolve(entries.slice(offset, offset + waiter.inputs.length));
          offset += waiter.inputs.length;
        }
      } catch (err) {
        for (const waiter of batch) waiter.reject(err);
      }
    }
  }

  /** Removes waiters from the head of `queue` up to `maxBatch` inputs (at least one waiter). */
  private takeBatch(queue: Waiter[]): Waiter[] {
    let size = 0;
    let count = 0;
    while (count < queue.length) {
      const next = queue[count] as Waiter;
      if (count > 0 && size + next.inputs.length > this.maxBatch) break;
      size += next.inputs.length;
      count += 1;
    }
    return queue.splice(0, count);
  }
}
