/**
 * The newcomer's path, as the README tells it: `cavra up` on the sample configuration, `cavra
 * demo`, decisions in the file sink with their evidence, then a signed bundle that verifies and
 * that fails verification once a record is changed. And the same without any server: a few
 * `cavra evaluate` calls, then bundle and verify.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cavra, freePort, ROOT, spawnCavra, waitFor } from '../support/cli.ts';

interface LedgerEntry {
  seq: number;
  recordId: string;
  recordType: string;
  record: Record<string, unknown>;
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-fabric-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function allEvidence(api: string, tenant: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let afterSeq = 0;
  for (;;) {
    const response = await fetch(
      `${api}/v1/evidence?tenant=${tenant}&afterSeq=${afterSeq}&limit=500`,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { entries: LedgerEntry[]; nextAfterSeq: number | null };
    entries.push(...page.entries);
    if (page.nextAfterSeq === null) return entries;
    afterSeq = page.nextAfterSeq;
  }
}

/** Changes one field of the second record of a tenant's chain in a bundle. */
function tamper(bundleDir: string, tenant: string): void {
  const file = join(bundleDir, 'records', `${tenant}.ndjson`);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const entry = JSON.parse(lines[1]!) as { record: { reason?: string; outcome?: string } };
  entry.record.outcome = entry.record.outcome === 'allow' ? 'block' : 'allow';
  lines[1] = JSON.stringify(entry);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('the fabric on a laptop', () => {
  it(
    'delivers the demo, redacted, with one evidence record per delivery, and bundles it',
    { timeout: 180_000 },
    async () => {
      const dir = tempDir();
      const port = await freePort();
      const sample = readFileSync(join(ROOT, 'deploy', 'config', 'cavra.sample.yaml'), 'utf8');
      writeFileSync(join(dir, 'cavra.yaml'), sample.replace('port: 8080', `port: ${port}`));
      const api = `http://127.0.0.1:${port}`;

      const fabric = spawnCavra(dir, ['up', '--config', 'cavra.yaml', '--log-level', 'warn']);
      cleanups.push(() => fabric.stop());
      await waitFor(
        () =>
          fetch(`${api}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        'cavra up',
        60_000,
      );

      const demo = await cavra(dir, ['demo', '--api', api, '--config', 'cavra.yaml']);
      expect(demo.code, demo.stderr).toBe(0);

      const siem = readFileSync(join(dir, '.cavra', 'out', 'siem.ndjson'), 'utf8')
        .trimEnd()
        .split('\n');
      const delivered = siem.map(
        (line) => JSON.parse(line) as { id: string; data: { outcome: string } },
      );
      expect(delivered).toHaveLength(12);
      expect(siem.join('\n')).toContain('[REDACTED:aws_access_key_id]');

      // Every decision and every delivery reaches the ledger exactly once.
      const entries = await waitFor(async () => {
        const all = await allEvidence(api, 'demo');
        const deliveries = all.filter((e) => e.recordType === 'dev.cavra.delivery-evidence.v1');
        const decisions = all.filter((e) => e.recordType === 'dev.cavra.decision.v1');
        return decisions.length === 12 && deliveries.length >= 12 ? all : undefined;
      }, 'the demo in the evidence ledger');
      for (const { id } of delivered) {
        const records = entries.filter(
          (e) =>
            e.recordType === 'dev.cavra.delivery-evidence.v1' &&
            e.record.eventId === id &&
            e.record.connector === 'siem-file',
        );
        expect(
          records.map((r) => r.record.outcome),
          `evidence of ${id}`,
        ).toEqual(['delivered']);
      }
      expect(JSON.stringify(entries)).not.toMatch(/AKIA[A-Z0-9]{16}|ghp_[A-Za-z0-9]{30,}/);

      expect(await fabric.stop()).toBe(0);

      const bundleDir = join(dir, '.cavra', 'evidence', 'latest');
      const bundle = await cavra(dir, ['evidence', 'bundle', '--output', bundleDir]);
      expect(bundle.code, bundle.stderr).toBe(0);
      expect(bundle.stdout).toMatch(new RegExp(`demo: ${entries.length} records`));
      const verified = await cavra(dir, ['evidence', 'verify', bundleDir]);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^OK/m);

      tamper(bundleDir, 'demo');
      const broken = await cavra(dir, ['evidence', 'verify', bundleDir]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/first bad record: seq 2 /);
    },
  );

  it(
    'records local decisions with no server, and bundles and verifies them',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const actions = [
        ['write_file', 'src/example.py'],
        ['read_file', '.env'],
        ['execute_command', 'terraform apply -auto-approve'],
      ];
      const decisionIds: string[] = [];
      for (const [type, target] of actions) {
        const result = await cavra(dir, ['evaluate', type!, target!, '--json']);
        expect(result.code, result.stderr).toBe(0);
        decisionIds.push((JSON.parse(result.stdout) as { decisionId: string }).decisionId);
      }

      const bundleDir = join(dir, 'bundle');
      expect((await cavra(dir, ['evidence', 'bundle', '--output', bundleDir])).code).toBe(0);
      const verified = await cavra(dir, ['evidence', 'verify', bundleDir]);
      expect(verified.code, verified.stdout).toBe(0);

      const records = readdirRecords(bundleDir);
      expect(records.map((r) => r.recordId)).toEqual(decisionIds);
      expect(records.map((r) => r.record.outcome)).toEqual([
        'allow',
        'block',
        expect.stringMatching(/^(block|require_approval)$/),
      ]);
    },
  );
});

/** The records of a bundle made from `cavra evaluate` calls (tenant `local` by default). */
function readdirRecords(bundleDir: string): LedgerEntry[] {
  const text = readFileSync(join(bundleDir, 'records', 'local.ndjson'), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as LedgerEntry);
}
