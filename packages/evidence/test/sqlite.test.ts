import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSqliteLedger } from '../src/index.ts';
import { expectValidChain, runLedgerContract } from './contract.ts';

runLedgerContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-ledger-'));
  const path = join(dir, 'evidence.db');
  return {
    open: () => createSqliteLedger({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite ledger shared by processes', () => {
  it('forms one valid chain from appenders in separate processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavra-ledger-procs-'));
    const path = join(dir, 'evidence.db');
    const tsx = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');
    const worker = join(import.meta.dirname, 'support', 'append-worker.ts');
    try {
      const run = promisify(execFile);
      const names = ['a', 'b', 'c'];
      const workers = Promise.all(names.map((name) => run(tsx, [worker, path, name, '100'])));
      await expect
        .poll(() => names.every((name) => existsSync(`${path}.ready-${name}`)), { timeout: 30_000 })
        .toBe(true);
      writeFileSync(`${path}.go`, '');
      await workers;

      const ledger = await createSqliteLedger({ path });
      const chain = await ledger.list({ tenant: 'acme' });
      await ledger.close();
      expect(chain).toHaveLength(300);
      expectValidChain(chain);
      const writers = new Set(chain.map((e) => (e.record as { worker: string }).worker));
      expect(writers).toEqual(new Set(names));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
