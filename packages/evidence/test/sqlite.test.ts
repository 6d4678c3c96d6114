import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteLedger } from '../src/index.ts';
import { runLedgerContract } from './contract.ts';

runLedgerContract('SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-ledger-'));
  const path = join(dir, 'evidence.db');
  return {
    open: () => createSqliteLedger({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
