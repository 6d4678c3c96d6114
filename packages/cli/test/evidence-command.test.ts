import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyIdOf, localLedger, openLedger } from '@cavra/evidence';
import type { AppendInput } from '@cavra/evidence';
import { createTempSchema } from '../../../test/support/postgres.ts';

const repo = resolve(import.meta.dirname, '../../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const main = join(repo, 'packages', 'cli', 'src', 'main.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `cavra` command in `cwd`. */
function cavra(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(tsx, [main, ...args], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function decision(tenant: string, n: number): AppendInput {
  return {
    tenant,
    recordId: `evt-${tenant}-${n}`,
    recordType: 'dev.cavra.decision.v1',
    record: { decisionId: `d-${n}`, outcome: 'block' },
  };
}

let cwd: string;
beforeEach(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'cavra-cli-evidence-'));
  const ledger = await localLedger(cwd);
  await ledger.appendMany([1, 2, 3].map((n) => decision('acme', n)));
  await ledger.append(decision('globex', 1));
  await ledger.close();
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('cavra evidence', () => {
  it('keygen writes a private key only its owner can read and prints the key id', async () => {
    const run = await cavra(cwd, 'evidence', 'keygen', '--output', 'keys');
    expect(run.code).toBe(0);

    const publicPem = readFileSync(join(cwd, 'keys', 'cavra-signing.pub'), 'utf8');
    expect(run.stdout).toContain(`key id: ${keyIdOf(publicPem)}`);
    expect(statSync(join(cwd, 'keys', 'cavra-signing.key')).mode & 0o777).toBe(0o600);
    expect((await cavra(cwd, 'evidence', 'keygen', '--output', 'keys')).code).toBe(1);
  });

  it('bundles the local ledger with a key made on first use, and verifies it', async () => {
    const bundle = await cavra(cwd, 'evidence', 'bundle', '--output', 'out');
    expect(bundle.code).toBe(0);
    expect(bundle.stderr).toMatch(/notice: created signing key/);
    expect(bundle.stdout).toMatch(/records: 4 in 2 tenant chain\(s\)/);
    expect(bundle.stdout).toMatch(/acme: 3 records, seq 1\.\.3 head [a-f0-9]{64}/);

    const pub = join('.cavra', 'keys', 'cavra-signing.pub');
    const verify = await cavra(cwd, 'evidence', 'verify', 'out', '--public-key', pub);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK 4 records in 2 tenant chain\(s\); signature by key id/);

    const embedded = await cavra(cwd, 'evidence', 'verify', 'out');
    expect(embedded.code).toBe(0);
    expect(embedded.stderr).toMatch(/embedded public key .*--public-key/);
  });

  it('verify exits 1 and names the first bad record of a tampered bundle', async () => {
    expect(
      (await cavra(cwd, 'evidence', 'bundle', '--output', 'out', '--tenant', 'acme')).code,
    ).toBe(0);
    const file = join(cwd, 'out', 'records', 'acme.ndjson');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"decisionId":"d-2"', '"decisionId":"d-9"'),
    );

    const verify = await cavra(cwd, 'evidence', 'verify', 'out');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('first bad record: seq 2 (recordId evt-acme-2)');
    expect(verify.stdout).toContain('[record_hash_mismatch]');

    const json = await cavra(cwd, 'evidence', 'verify', 'out', '--json');
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as { ok: boolean; problems: { code: string }[] };
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain('file_hash_mismatch');
  });

  it('bundles from PostgreSQL with an explicit key', async () => {
    const temp = await createTempSchema('cavra_cli_evidence');
    try {
      const ledger = await openLedger(`postgres:${temp.url}`);
      await ledger.appendMany([decision('initech', 1), decision('initech', 2)]);
      await ledger.close();
      await cavra(cwd, 'evidence', 'keygen', '--output', 'k');

      const args = ['--store', `postgres:${temp.url}`, '--key', join('k', 'cavra-signing.key')];
      const bundle = await cavra(cwd, 'evidence', 'bundle', '--output', 'pg', ...args);
      expect(bundle.code).toBe(0);
      expect(bundle.stdout).toMatch(/initech: 2 records/);
      const pub = join('k', 'cavra-signing.pub');
      expect((await cavra(cwd, 'evidence', 'verify', 'pg', '--public-key', pub)).code).toBe(0);
    } finally {
      await temp.drop();
    }
  });

  it('exits 2 naming the field on bad input', async () => {
    const run = await cavra(cwd, 'evidence', 'bundle', '--output', 'x', '--since', 'last week');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/since: expected an ISO 8601 timestamp, got "last week"/);
    expect(existsSync(join(cwd, '.cavra', 'keys'))).toBe(false);

    const noKey = await cavra(cwd, 'evidence', 'verify', 'x', '--public-key', 'missing.pub');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/key file missing.pub: ENOENT/);
  });
});
