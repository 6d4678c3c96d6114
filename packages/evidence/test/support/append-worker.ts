/**
 * A separate process appending to a SQLite ledger file:
 * `tsx append-worker.ts FILE NAME COUNT`. It opens the ledger, writes `FILE.ready-NAME`, waits
 * for `FILE.go` so that every worker appends at the same time, then appends COUNT records.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteLedger } from '../../src/index.ts';

const [path, name, count] = process.argv.slice(2);
if (!path || !name || !count) throw new Error('usage: append-worker.ts FILE NAME COUNT');

const ledger = await createSqliteLedger({ path });
writeFileSync(`${path}.ready-${name}`, '');
for (let polls = 0; !existsSync(`${path}.go`); polls += 1) {
  if (polls > 600) throw new Error('no go signal within 30 s');
  await sleep(50);
}
for (let n = 0; n < Number(count); n += 1) {
  await ledger.append({
    tenant: 'acme',
    recordId: `${name}-${n}`,
    recordType: 'dev.cavra.decision.v1',
    record: { worker: name, n },
  });
}
await ledger.close();
