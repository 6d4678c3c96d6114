/**
 * The contract every EvidenceLedger adapter passes. Each adapter's test file calls
 * `runLedgerContract` with a harness that opens ledgers over one fresh store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, computeEntryHash, EvidenceError } from '../src/index.ts';
import type { AppendInput, EvidenceEntry, EvidenceLedger } from '../src/index.ts';

export interface LedgerHarness {
  /** Opens a ledger over the harness's store: each call is a new connection (or pool). */
  open(): Promise<EvidenceLedger>;
  /** Drops the store (schema, file). Ledgers are closed before. */
  cleanup(): Promise<void>;
}

export function record(
  tenant: string,
  n: number,
  extra: Record<string, unknown> = {},
): AppendInput {
  return {
    tenant,
    recordId: `evt-${tenant}-${n}`,
    recordType: 'dev.cavra.decision.v1',
    record: { decisionId: `d-${n}`, outcome: n % 2 === 0 ? 'allow' : 'block', n, ...extra },
  };
}

/** Asserts `entries` form one unbroken chain from genesis, seq 1..n. */
export function expectValidChain(entries: EvidenceEntry[]): void {
  let prev = GENESIS_HASH;
  entries.forEach((entry, i) => {
    expect(entry.seq).toBe(i + 1);
    expect(entry.prevHash).toBe(prev);
    expect(computeEntryHash(entry)).toBe(entry.hash);
    prev = entry.hash;
  });
}

export function runLedgerContract(name: string, makeHarness: () => Promise<LedgerHarness>): void {
  describe(`EvidenceLedger contract: ${name}`, () => {
    let harness: LedgerHarness;
    const opened: EvidenceLedger[] = [];
    const open = async (): Promise<EvidenceLedger> => {
      const ledger = await harness.open();
      opened.push(ledger);
      return ledger;
    };

    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      for (const ledger of opened.splice(0)) await ledger.close().catch(() => undefined);
      await harness.cleanup();
    });

    it('chains entries from genesis, each hash covering the entry and prevHash', async () => {
      const ledger = await open();
      for (let n = 1; n <= 5; n += 1) await ledger.append(record('acme', n));

      const entries = await ledger.list({ tenant: 'acme' });
      expect(entries).toHaveLength(5);
      expectValidChain(entries);
      expect(entries[0]).toMatchObject({
        tenant: 'acme',
        recordId: 'evt-acme-1',
        recordType: 'dev.cavra.decision.v1',
        record: { decisionId: 'd-1', outcome: 'block', n: 1 },
      });
      expect(await ledger.head('acme')).toEqual({ seq: 5, hash: entries[4]?.hash });
    });

    it('returns the stored entry when a recordId is appended again', async () => {
      const ledger = await open();
      const first = await ledger.append(record('acme', 1));
      const again = await ledger.append(record('acme', 1, { changed: true }));
      const batch = await ledger.appendMany([
        record('acme', 2),
        record('acme', 1),
        record('acme', 2),
      ]);

      expect(again).toEqual(first);
      expect(batch.map((e) => e.seq)).toEqual([2, 1, 2]);
      expect((await ledger.head('acme')).seq).toBe(2);
      expectValidChain(await ledger.list({ tenant: 'acme' }));
    });

    it('keeps one chain per tenant and never returns one tenant entries to another', async () => {
      const ledger = await open();
      await ledger.appendMany([record('acme', 1), record('globex', 1), record('acme', 2)]);

      const acme = await ledger.list({ tenant: 'acme' });
      const globex = await ledger.list({ tenant: 'globex' });
      expect(acme.map((e) => e.tenant)).toEqual(['acme', 'acme']);
      expect(globex.map((e) => e.recordId)).toEqual(['evt-globex-1']);
      expectValidChain(acme);
      expectValidChain(globex);
      expect(await ledger.get('globex', 'evt-acme-1')).toBeUndefined();
      expect(await ledger.get('globex', 2)).toBeUndefined();
      expect((await ledger.get('acme', 2))?.recordId).toBe('evt-acme-2');
      expect(await ledger.tenants()).toEqual(['acme', 'globex']);
    });

    it('lists in seq order with afterSeq, limit and a time window', async () => {
      const ledger = await open();
      await ledger.appendMany(Array.from({ length: 12 }, (_, i) => record('acme', i + 1)));

      const page1 = await ledger.list({ tenant: 'acme', limit: 5 });
      const page2 = await ledger.list({ tenant: 'acme', afterSeq: 5, limit: 5 });
      expect(page1.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(page2.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);

      const last = page2[4] as EvidenceEntry;
      const inWindow = await ledger.list({ tenant: 'acme', since: last.recordedAt });
      expect(inWindow.every((e) => e.recordedAt >= last.recordedAt)).toBe(true);
      expect(inWindow.map((e) => e.seq)).toContain(12);
      expect(await ledger.list({ tenant: 'acme', until: '2000-01-01T00:00:00Z' })).toEqual([]);
    });

    it('rejects bad input naming the field', async () => {
      const ledger = await open();
      await expect(ledger.append({ ...record('acme', 1), tenant: 'Not A Tenant' })).rejects.toThrow(
        /tenant: expected .*"Not A Tenant"/,
      );
      await expect(ledger.list({ tenant: 'acme', since: 'yesterday' })).rejects.toMatchObject({
        code: 'invalid_input',
        retryable: false,
      });
      await expect(ledger.list({ tenant: 'acme', limit: 0 })).rejects.toBeInstanceOf(EvidenceError);
    });

    it('forms one valid chain from concurrent appends on separate connections', async () => {
      const ledgers = [await open(), await open(), await open()];
      const appends = Array.from({ length: 60 }, (_, n) =>
        (ledgers[n % ledgers.length] as EvidenceLedger).append(record('acme', n)),
      );
      const entries = await Promise.all(appends);

      expect(new Set(entries.map((e) => e.seq)).size).toBe(60);
      const chain = await (ledgers[0] as EvidenceLedger).list({ tenant: 'acme' });
      expect(chain).toHaveLength(60);
      expectValidChain(chain);
    });

    it('keeps entries and continues the chain after a restart', async () => {
      const first = await open();
      await first.appendMany([record('acme', 1), record('acme', 2)]);
      const headBefore = await first.head('acme');
      await first.close();

      const second = await open();
      expect(await second.head('acme')).toEqual(headBefore);
      await second.append(record('acme', 3));
      await second.append(record('acme', 1));
      const chain = await second.list({ tenant: 'acme' });
      expect(chain.map((e) => e.recordId)).toEqual(['evt-acme-1', 'evt-acme-2', 'evt-acme-3']);
      expectValidChain(chain);
    });

    it('redacts credentials in a record before it is chained', async () => {
      const ledger = await open();
      // An obviously fake token in GitHub's format.
      const secret = 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
      const entry = await ledger.append(
        record('acme', 1, { command: `git push https://x:${secret}@github.com/acme/app` }),
      );
      const stored = await ledger.get('acme', 1);

      expect(JSON.stringify(entry.record)).not.toContain(secret);
      expect(JSON.stringify(stored?.record)).not.toContain(secret);
      expect(JSON.stringify(stored?.record)).toContain('[REDACTED:');
      expect(computeEntryHash(stored as EvidenceEntry)).toBe(stored?.hash);
    });
  });
}
