import { describe, expect, it } from 'vitest';
import { BASELINE_PACK_ID, evaluate, PolicyRegistry, runPackTests } from '../src/index.ts';
import { judgeCommand } from './helpers.ts';

const registry = PolicyRegistry.withBuiltins();
const pack = registry.get(BASELINE_PACK_ID);
const report = runPackTests(pack);

describe('the cavra-baseline pack', () => {
  it('carries at least 25 test cases', () => {
    expect(pack.tests.length).toBeGreaterThanOrEqual(25);
  });

  it.each(report.results.map((r) => [r.name, r] as const))('case: %s', (_name, result) => {
    expect(result.actual, result.path).toMatchObject({
      outcome: result.expected.outcome,
      ...(result.expected.ruleId && { ruleId: result.expected.ruleId }),
    });
    expect(result.passed).toBe(true);
  });

  it('allows by default in enforce mode, naming the default rule', () => {
    const verdict = judgeCommand(pack, 'npm test');
    expect(verdict).toMatchObject({ outcome: 'allow', severity: 'info', matchedRule: 'default' });
    expect(verdict.policy).toEqual({
      pack: 'cavra-baseline',
      version: pack.version,
      digest: pack.digest,
      ruleId: 'default',
    });
  });

  it('names pack, version, digest and rule in every verdict', () => {
    const verdict = evaluate(
      { tenant: 'acme', action: { type: 'read_file', target: 'deploy/tls/server.pem' } },
      pack,
      'enforce',
    );
    expect(verdict.policy.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(verdict.policy.ruleId).toBe('secrets-private-keys');
    expect(verdict.matchedRule).toBe(verdict.policy.ruleId);
    expect(verdict.approverGroup).toBe('platform-security');
  });

  it('blocks credential files on Windows-style and case-changed paths', () => {
    for (const target of ['C:\\Users\\dev\\.aws\\credentials', 'app/.ENV', './secrets.yaml']) {
      const verdict = evaluate(
        { tenant: 'acme', action: { type: 'read_file', target } },
        pack,
        'enforce',
      );
      expect(verdict.outcome, target).toBe('block');
    }
  });

  it('sees destructive commands hidden in shells and substitutions', () => {
    expect(judgeCommand(pack, 'bash -c "rm -rf ~"').matchedRule).toBe('destructive-rm-root');
    expect(judgeCommand(pack, 'echo "$(rm -rf /)"').matchedRule).toBe('destructive-rm-root');
    expect(judgeCommand(pack, 'FOO=1 sudo -u root terraform destroy').matchedRule).toBe(
      'terraform-destroy',
    );
  });
});
