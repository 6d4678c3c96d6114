import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index.ts';
import { registryOf } from './helpers.ts';

const pack = registryOf(`
id: modes
version: 0.1.0
rules:
  - id: no-env
    match: { targets: ['.env'] }
    outcome: block
    severity: medium
    reason: env files hold secrets
  - id: ci
    match: { targets: ['.github/workflows/**'] }
    outcome: require_approval
    severity: high
    reason: CI change
    approverGroup: platform-security
  - id: wipe
    match: { operations: [wipe] }
    outcome: block
    severity: critical
    reason: wipes the disk
    overridable: false
  - id: loose
    match: { actionTypes: [git_operation] }
    outcome: warn
    severity: low
    reason: git work
  - id: attest
    match: { actionTypes: [pull_request] }
    outcome: allow_with_attestation
    severity: low
    reason: PRs are attested
`).get('modes');

const read = (target: string) => ({
  tenant: 'acme',
  action: { type: 'read_file' as const, target },
});
const wipe = {
  tenant: 'acme',
  action: { type: 'execute_command' as const, target: 'sh', command: 'rm -rf /' },
};
const git = { tenant: 'acme', action: { type: 'git_operation' as const, target: 'commit -m x' } };
const pr = { tenant: 'acme', action: { type: 'pull_request' as const, target: 'acme/app#1' } };
const plain = read('src/a.ts');

describe('enforce mode', () => {
  it('returns the rule outcome as written', () => {
    expect(evaluate(read('.env'), pack, 'enforce')).toMatchObject({
      outcome: 'block',
      severity: 'medium',
      reason: 'env files hold secrets',
      matchedRule: 'no-env',
    });
    expect(evaluate(plain, pack, 'enforce')).toMatchObject({
      outcome: 'allow',
      matchedRule: 'default',
    });
  });
});

describe('audit_only mode', () => {
  it('turns would-be blocks and approvals into audit_only, saying what enforce would do', () => {
    const blocked = evaluate(read('.env'), pack, 'audit_only');
    expect(blocked).toMatchObject({ outcome: 'audit_only', matchedRule: 'no-env' });
    expect(blocked.reason).toContain('would block');
    const approval = evaluate(read('.github/workflows/ci.yml'), pack, 'audit_only');
    expect(approval).toMatchObject({ outcome: 'audit_only', approverGroup: 'platform-security' });
    expect(approval.reason).toContain('would require approval');
  });

  it('leaves allow, warn and attestation alone', () => {
    expect(evaluate(plain, pack, 'audit_only').outcome).toBe('allow');
    expect(evaluate(git, pack, 'audit_only').outcome).toBe('warn');
    expect(evaluate(pr, pack, 'audit_only').outcome).toBe('allow_with_attestation');
  });
});

describe('strict mode', () => {
  it('turns warn into require_approval, keeping the rule', () => {
    expect(evaluate(git, pack, 'strict')).toMatchObject({
      outcome: 'require_approval',
      matchedRule: 'loose',
    });
  });

  it('requires approval when no rule matched, naming the default rule', () => {
    const verdict = evaluate(plain, pack, 'strict');
    expect(verdict).toMatchObject({ outcome: 'require_approval', matchedRule: 'default' });
    expect(verdict.policy.ruleId).toBe('default');
  });

  it('keeps allow_with_attestation and blocks', () => {
    expect(evaluate(pr, pack, 'strict').outcome).toBe('allow_with_attestation');
    expect(evaluate(read('.env'), pack, 'strict').outcome).toBe('block');
  });
});

describe('break_glass mode', () => {
  it('allows overridable blocks and approvals with severity at least high', () => {
    const verdict = evaluate(read('.env'), pack, 'break_glass');
    expect(verdict).toMatchObject({ outcome: 'allow', severity: 'high', matchedRule: 'no-env' });
    expect(verdict.reason).toMatch(/break-glass override of rule no-env/);
    expect(evaluate(read('.github/workflows/a.yml'), pack, 'break_glass')).toMatchObject({
      outcome: 'allow',
      severity: 'high',
    });
  });

  it('cannot lift a rule marked overridable: false', () => {
    const verdict = evaluate(wipe, pack, 'break_glass');
    expect(verdict).toMatchObject({ outcome: 'block', severity: 'critical', matchedRule: 'wipe' });
    expect(verdict.reason).toContain('not overridable');
  });

  it('leaves allowed actions as they are', () => {
    expect(evaluate(plain, pack, 'break_glass')).toMatchObject({
      outcome: 'allow',
      severity: 'info',
    });
  });
});
