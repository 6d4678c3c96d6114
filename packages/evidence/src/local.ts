import { isAbsolute, join } from 'node:path';
import { invalidInput } from './errors.ts';
import type { EvidenceLedger } from './ledger.ts';
import { createPostgresLedger } from './store/postgres.ts';
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

/**
 * Opens a ledger named by a store spec: `sqlite:PATH` (relative to `cwd`), `postgres:URL` or
 * a bare `postgres://` / `postgresql://` URL.
 */
export function openLedger(spec: string, cwd: string = process.cwd()): Promise<EvidenceLedger> {
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path.length === 0) throw invalidInput('store', 'sqlite:PATH with a path', spec);
    return createSqliteLedger({
      path: isAbsolute(path) || path === ':memory:' ? path : join(cwd, path),
    });
  }
  const url =
    spec.startsWith('postgres:') && !spec.startsWith('postgres://') ? spec.slice(9) : spec;
  if (/^postgres(ql)?:\/\//.test(url)) return createPostgresLedger({ connectionString: url });
  // Only the scheme is echoed: the rest may hold a password.
  throw invalidInput('store', 'sqlite:PATH or postgres:URL', `${spec.split(':')[0] ?? ''}:...`);
}
