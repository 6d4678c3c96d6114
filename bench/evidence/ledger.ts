/**
 * Evidence ledger benchmark: append throughput on SQLite and PostgreSQL (one at a time,
 * concurrent, and batched), bundle write and verify speed.
 *
 *   pnpm exec tsx bench/evidence/ledger.ts [--entries 5000] [--pg postgres://...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  createPostgresLedger,
  createSqliteLedger,
  generateKeyPair,
  verifyBundle,
  writeBundle,
} from '../../packages/evidence/src/index.ts';
import type { AppendInput, EvidenceLedger } from '../../packages/evidence/src/index.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '5000' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const ENTRIES = Number(values.entries);

/** A decision-sized record (about 700 bytes of JSON). */
function input(tenant: string, n: number): AppendInput {
  return {
    tenant,
    recordId: `bench-${tenant}-${n}`,
    recordType: 'dev.cavra.decision.v1',
    record: {
      decisionId: `d-${n}`,
      correlationId: `c-${n}`,
      sessionId: 's-1',
      tenant,
      agent: { id: 'agent-1', name: 'coder', vendor: 'example' },
      actor: 'dev@example.test',
      action: { type: 'execute_command', target: '/srv/app', operation: 'run', command: 'ls -la' },
      outcome: 'block',
      mode: 'enforce',
      policy: {
        pack: 'cavra-baseline',
        version: '1.0.0',
        digest: `sha256:${'a'.repeat(64)}`,
        ruleId: 'r1',
      },
      severity: 'high',
      reason: 'benchmark record',
      evidenceRefs: [],
      decidedAt: '2026-01-01T00:00:00.000Z',
    },
  };
}

async function timed(label: string, count: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = count / seconds;
  console.log(`${label.padEnd(44)} ${count} in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} /s`);
  return rate;
}

async function appendScenarios(name: string, ledger: EvidenceLedger): Promise<void> {
  const n = ENTRIES;
  await timed(`${name}: append one at a time`, n, async () => {
    for (let i = 0; i < n; i += 1) await ledger.append(input('serial', i));
  });
  await timed(`${name}: 16 concurrent appenders, one tenant`, n, async () => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < n) await ledger.append(input('concurrent', next++));
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  });
  await timed(`${name}: appendMany, batches of 500`, n, async () => {
    for (let i = 0; i < n; i += 500) {
      const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) => input('batched', i + j));
      await ledger.appendMany(batch);
    }
  });
}

async function bundleScenario(ledger: EvidenceLedger, dir: string): Promise<void> {
  const keys = generateKeyPair();
  const outputDir = join(dir, 'bundle');
  const records = (await ledger.head('batched')).seq;
  await timed('bundle: write (tenant batched)', records, async () => {
    await writeBundle(ledger, { outputDir, tenant: 'batched', signingKey: keys.privateKeyPem });
  });
  await timed('bundle: verify (tenant batched)', records, async () => {
    const result = await verifyBundle(outputDir, { publicKey: keys.publicKeyPem });
    if (!result.ok) throw new Error(`bundle did not verify: ${JSON.stringify(result.problems)}`);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cavra-bench-evidence-'));
const schema = `bench_evidence_${Date.now().toString(36)}`;
try {
  const sqlite = await createSqliteLedger({ path: join(dir, 'evidence.db') });
  await appendScenarios('sqlite (file, WAL)', sqlite);
  await bundleScenario(sqlite, dir);
  await sqlite.close();

  const postgres = await createPostgresLedger({ connectionString: values.pg, schema });
  await appendScenarios('postgres (local)', postgres);
  await postgres.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: values.pg });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}
