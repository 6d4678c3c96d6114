import { join } from 'node:path';
import type { EvidenceLedger } from './ledger.ts';
import { createSqliteLedger } from './store/sqlite.ts';

/** Where the local ledger lives, relative to the working directory. */
export const LOCAL_LEDGER_PATH = join('.cavra', 'evidence.db');

/**
 * Opens the local SQLite ledger `.cavra/evidence.db` under `cwd`, creating it when absent.
 * `cavra evaluate`, `cavra up` and `cavra evidence bundle` share it.
 */
export function localLedger(cwd: string = process.cwd()): Promise<EvidenceLedger> {
  return createSqliteLedger({ path: join(cwd, LOCAL_LEDGER_PATH) });
}
