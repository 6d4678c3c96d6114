import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cavra(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('pnpm', ['--silent', 'cavra', ...args], { cwd: repoRoot }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const passingChild = `
id: team-web
version: 1.1.0
inherits: [cavra-baseline]
rules:
  - id: web-deploy-config
    match: { actionTypes: [write_file], targets: ['deploy/**'] }
    outcome: require_approval
    severity: medium
    reason: deployment config
    approverGroup: web-leads
    tests:
      - name: deploy config needs approval
        input: { action: { type: write_file, target: deploy/values.yaml } }
        expect: { outcome: require_approval }
tests:
  - name: baseline still blocks .env
    input: { action: { type: read_file, target: .env } }
    expect: { outcome: block, ruleId: secrets-credential-files }
`;

describe('cavra policy', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cavra-policy-cli-'));
    await writeFile(join(dir, 'team-web.yaml'), passingChild);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('test: runs every case of the built-in and given packs and exits 0', async () => {
    const run = await cavra('policy', 'test', dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('pass  deploy config needs approval');
    expect(run.stdout).toContain('pass  force push to main is blocked');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(run.code).toBe(0);
  });

  it('test --json: prints reports with pass counts', async () => {
    const run = await cavra('policy', 'test', '--json', join(dir, 'team-web.yaml'));
    const body = JSON.parse(run.stdout) as { reports: { pack: string }[]; failed: number };
    expect(body.reports.map((r) => r.pack)).toEqual(['cavra-baseline', 'team-web']);
    expect(body.failed).toBe(0);
  });

  it('test: reports a failing case and exits 1', async () => {
    const failing = join(dir, 'failing.yml');
    await writeFile(
      failing,
      passingChild
        .replace('team-web', 'team-fail')
        .replace(
          'expect: { outcome: block, ruleId: secrets-credential-files }',
          'expect: { outcome: allow }',
        ),
    );
    try {
      const run = await cavra('policy', 'test', failing);
      expect(run.stdout).toContain('FAIL  baseline still blocks .env [tests[0]]');
      expect(run.stdout).toContain('expected allow, got block by secrets-credential-files');
      expect(run.stdout).toMatch(/^\d+ passed, 1 failed$/m);
      expect(run.code).toBe(1);
    } finally {
      await rm(failing);
    }
  });

  it('validate: prints findings with file and path, exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      'id: bad\nversion: 1.0.0\nrules:\n  - { id: r, outcome: deny, severity: x }\n',
    );
    try {
      const run = await cavra('policy', 'validate', bad);
      expect(run.stderr).toContain(`${bad}: rules[0].outcome:`);
      expect(run.stderr).toContain(`${bad}: rules[0].reason:`);
      expect(run.code).toBe(1);
    } finally {
      await rm(bad);
    }
  });

  it('validate: accepts valid packs and exits 0', async () => {
    const run = await cavra('policy', 'validate', dir);
    expect(run.stdout).toContain('2 policy packs valid');
    expect(run.code).toBe(0);
  });
});
