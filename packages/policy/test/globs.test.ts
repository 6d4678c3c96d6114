import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyInput } from '../src/index.ts';
import { registryOf } from './helpers.ts';

const pack = registryOf(`
id: globs
version: 1.0.0
rules:
  - id: env
    match: { targets: ['.env', '.env.*'] }
    outcome: block
    severity: high
    reason: env
  - id: aws
    match: { targets: ['.aws/credentials'] }
    outcome: block
    severity: high
    reason: aws
  - id: workflows
    match: { targets: ['.github/workflows/**'] }
    outcome: require_approval
    severity: high
    reason: ci
  - id: rooted
    match: { targets: ['/etc/**'] }
    outcome: block
    severity: high
    reason: system files
  - id: repo
    match: { repositories: ['acme/payments-*'], actionTypes: [write_file] }
    outcome: require_approval
    severity: medium
    reason: payments repositories
`).get('globs');

function ruleFor(target: string, extra: Partial<PolicyInput> = {}): string {
  return evaluate(
    { tenant: 'acme', action: { type: 'write_file', target }, ...extra },
    pack,
    'enforce',
  ).matchedRule;
}

describe('target globs', () => {
  it.each([
    ['.env', 'env'],
    ['app/.env', 'env'],
    ['/srv/app/.env.local', 'env'],
    ['.environment.ts', 'default'],
    ['src/env.ts', 'default'],
    ['/home/dev/.aws/credentials', 'aws'],
    ['~/.aws/credentials', 'aws'],
    ['.aws/credentials.bak', 'default'],
    ['.github/workflows/ci.yml', 'workflows'],
    ['/work/repo/.github/workflows/nested/x.yml', 'workflows'],
    ['.github/CODEOWNERS', 'default'],
    ['/etc/passwd', 'rooted'],
    ['home/etc/passwd', 'default'],
  ])('%s -> %s', (target, rule) => {
    expect(ruleFor(target)).toBe(rule);
  });

  it('sees through ./, .. and backslashes', () => {
    expect(ruleFor('./.env')).toBe('env');
    expect(ruleFor('src/../.env')).toBe('env');
    expect(ruleFor('repo\\.github\\workflows\\ci.yml')).toBe('workflows');
  });
});

describe('repository globs', () => {
  it('match the repository, and fail when none is given', () => {
    expect(ruleFor('src/a.ts', { repository: 'acme/payments-api' })).toBe('repo');
    expect(ruleFor('src/a.ts', { repository: 'acme/web' })).toBe('default');
    expect(ruleFor('src/a.ts')).toBe('default');
  });
});
