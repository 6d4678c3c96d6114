import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Decision } from '@cavra/contracts';
import { localLedger } from '@cavra/evidence';

const ROOT = resolve(import.meta.dirname, '../../..');
const cwd = mkdtempSync(join(tmpdir(), 'cavra-evaluate-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Runs the real `cavra` command (what `pnpm cavra` runs) in a temp working directory. */
function cavra(...args: string[]) {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'packages/cli/src/main.ts'), ...args],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

it('prints every field of the decision record with --json and records it', async () => {
  const run = cavra('evaluate', 'write_file', 'src/example.py', '--json');
  expect(run.code).toBe(0);
  const decision = Decision.strict().parse(JSON.parse(run.stdout));
  for (const field of [
    'decisionId',
    'correlationId',
    'sessionId',
    'tenant',
    'agent',
    'actor',
    'action',
    'outcome',
    'mode',
    'policy',
    'severity',
    'reason',
    'evidenceRefs',
    'decidedAt',
  ]) {
    expect(decision).toHaveProperty(field);
  }
  expect(decision).toMatchObject({
    outcome: 'allow',
    tenant: 'local',
    action: { type: 'write_file', target: 'src/example.py', operation: 'write' },
    policy: { pack: 'cavra-baseline' },
  });

  expect(existsSync(join(cwd, '.cavra/evidence.db'))).toBe(true);
  const ledger = await localLedger(cwd);
  try {
    const entry = await ledger.get('local', decision.decisionId);
    expect(entry?.record).toMatchObject({ decisionId: decision.decisionId });
  } finally {
    await ledger.close();
  }
});

it('blocks reading .env, with a readable summary', () => {
  const run = cavra('evaluate', 'read_file', '.env', '--no-record');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^BLOCK {2}read_file \.env/);
  expect(run.stdout).toMatch(/rule\s+secrets-/);
  expect(run.stdout).toMatch(/policy\s+cavra-baseline@\d+\.\d+\.\d+/);
  expect(run.stdout).toContain('not recorded');
});

it('stops terraform apply -auto-approve, and --fail-on turns that into exit 1', () => {
  const run = cavra('evaluate', 'execute_command', 'terraform apply -auto-approve', '--json');
  const decision = Decision.parse(JSON.parse(run.stdout));
  expect(['block', 'require_approval']).toContain(decision.outcome);
  expect(decision.action).toMatchObject({
    command: 'terraform apply -auto-approve',
    operation: 'apply',
  });
  const gated = cavra(
    'evaluate',
    'execute_command',
    'terraform apply -auto-approve',
    '--fail-on',
    'block,require_approval',
    '--no-record',
  );
  expect(gated.code).toBe(1);
  const allowed = cavra('evaluate', 'read_file', 'README.md', '--fail-on', 'block', '--no-record');
  expect(allowed.code).toBe(0);
});

it('applies --mode, --tenant, --session and --agent', () => {
  const run = cavra(
    'evaluate',
    'read_file',
    '.env',
    '--mode',
    'audit_only',
    '--tenant',
    'team-a',
    '--session',
    's-9',
    '--agent',
    'copilot',
    '--json',
    '--no-record',
  );
  expect(JSON.parse(run.stdout)).toMatchObject({
    outcome: 'audit_only',
    mode: 'audit_only',
    tenant: 'team-a',
    sessionId: 's-9',
    agent: { id: 'copilot' },
  });
});

it('exits 2 with a clear message on bad input', () => {
  const fly = cavra('evaluate', 'fly', 'x');
  expect(fly.code).toBe(2);
  expect(fly.stderr).toContain('unknown ACTION_TYPE "fly"');
  expect(fly.stderr).toContain('read_file, write_file, execute_command');

  const pack = cavra('evaluate', 'read_file', 'a', '--policy-pack', 'no-such-pack');
  expect(pack.code).toBe(2);
  expect(pack.stderr).toMatch(/no-such-pack.*known packs: .*cavra-baseline/);

  const mode = cavra('evaluate', 'read_file', 'a', '--mode', 'yolo');
  expect(mode.code).toBe(2);
  expect(mode.stderr).toContain('expected one of enforce, audit_only, strict, break_glass');

  const failOn = cavra('evaluate', 'read_file', 'a', '--fail-on', 'never');
  expect(failOn.code).toBe(2);
  expect(cavra('evaluate', 'read_file').code).toBe(2);
});
