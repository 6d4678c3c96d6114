import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createSqliteDecisionStore } from '../src/store/sqlite.ts';
import { outboxFor, sampleDecision, waitFor } from './fixtures.ts';
import { decisionStoreContract } from './store-contract.ts';
import { openTestStore } from './harness.ts';

decisionStoreContract('sqlite', () => openTestStore('sqlite'));

it('keeps decisions and the outbox across a reopen of the same file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-decisions-'));
  try {
    const path = join(dir, 'nested', 'cavra.db');
    const first = await createSqliteDecisionStore({ path });
    const d = sampleDecision();
    await first.saveDecision(d, outboxFor(d));
    await first.close();

    const second = await createSqliteDecisionStore({ path });
    expect(await second.getDecision('acme', d.decisionId)).toEqual(d);
    expect((await second.claimUnpublished(10)).map((r) => r.event.id)).toEqual([d.decisionId]);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('checkpoints the WAL into the database file from its worker, not on commit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-decisions-'));
  const path = join(dir, 'cavra.db');
  const store = await createSqliteDecisionStore({ path });
  try {
    const sizeAfterMigration = statSync(path).size;
    // About 1 MB of decisions: fewer WAL pages than SQLite's automatic checkpoint threshold
    // (1000 pages), so only the worker's checkpoints can move them into the database file.
    const decisions = Array.from({ length: 400 }, () =>
      sampleDecision({ reason: 'x'.repeat(1500) }),
    );
    await Promise.all(decisions.map((d) => store.saveDecision(d, outboxFor(d))));
    await waitFor(() => statSync(path).size > sizeAfterMigration, 'the database file to grow');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
