import { describe, expect, it } from 'vitest';
import {
  checkPack,
  parsePack,
  PolicyError,
  PolicyRegistry,
  validatePacks,
  type PolicyPack,
} from '../src/index.ts';

function issuesOf(yamlText: string): { path: string; message: string }[] {
  try {
    parsePack(yamlText, 'team.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).retryable).toBe(false);
    expect((err as PolicyError).message).toContain('team.yaml');
    return (err as PolicyError).issues;
  }
  throw new Error('expected parsePack to throw');
}

const rule = (match: string, extra = '') => `
id: team
version: 1.0.0
rules:
  - id: r
    match: ${match}
    outcome: block
    severity: high
    reason: test${extra}
`;

describe('parsePack errors', () => {
  it('name the path, the expectation and the value', () => {
    const issues = issuesOf(rule('{}').replace('outcome: block', 'outcome: deny'));
    expect(issues).toEqual([
      { path: 'rules[0].outcome', message: expect.stringMatching(/expected one of.*got "deny"/) },
    ]);
  });

  it('reject a version that is not semver', () => {
    const issues = issuesOf(rule('{}').replace('1.0.0', 'v1'));
    expect(issues[0]).toMatchObject({ path: 'version', message: expect.stringContaining('"v1"') });
  });

  it('reject unknown fields with their full path', () => {
    const issues = issuesOf(rule("{ targtes: ['a'] }"));
    expect(issues).toEqual([{ path: 'rules[0].match.targtes', message: expect.any(String) }]);
    expect(issuesOf(`${rule('{}')}colour: red\n`)[0]?.path).toBe('colour');
  });

  it('reject regular expressions with nested quantifiers', () => {
    const issues = issuesOf(rule(`{ commands: ['^(a+)+$'] }`));
    expect(issues[0]).toMatchObject({
      path: 'rules[0].match.commands[0]',
      message: expect.stringMatching(/nested quantifiers.*\(a\+\)\+/),
    });
  });

  it('reject invalid regular expressions and globs', () => {
    expect(issuesOf(rule(`{ commands: ['(unclosed'] }`))[0]?.path).toBe(
      'rules[0].match.commands[0]',
    );
    expect(issuesOf(rule(`{ targets: ['src/{a,b'] }`))[0]).toMatchObject({
      path: 'rules[0].match.targets[0]',
      message: expect.stringContaining('src/{a,b'),
    });
  });

  it('reject duplicate rule ids', () => {
    const text = `${rule('{}')}  - { id: r, outcome: allow, severity: info, reason: again }\n`;
    expect(issuesOf(text)[0]).toMatchObject({ path: 'rules[1].id' });
  });

  it('report YAML syntax errors as invalid_yaml', () => {
    expect(() => parsePack('id: [unclosed', 'x.yaml')).toThrow(
      expect.objectContaining({ code: 'invalid_yaml' }),
    );
  });
});

describe('validatePacks', () => {
  const pack = (id: string, inherits: string[] = []): PolicyPack =>
    checkPack({ id, version: '1.0.0', inherits }, `${id}.yaml`);

  it('finds unknown parents and cycles, with the pack file', () => {
    const registry = new PolicyRegistry([pack('a', ['b']), pack('b', ['a']), pack('c', ['zz'])]);
    const findings = validatePacks(registry);
    expect(findings).toContainEqual(
      expect.objectContaining({
        pack: 'c',
        source: 'c.yaml',
        code: 'unknown_parent',
        path: 'inherits[0]',
      }),
    );
    expect(findings.filter((f) => f.code === 'inheritance_cycle').map((f) => f.pack)).toEqual([
      'a',
      'b',
    ]);
  });

  it('re-checks packs built in code (duplicate ids, unsafe patterns)', () => {
    const base = pack('p');
    const bad: PolicyPack = {
      ...base,
      rules: [
        {
          id: 'x',
          match: { commands: ['(a*)*b'] },
          outcome: 'block',
          severity: 'high',
          reason: 'r',
          overridable: true,
        },
        { id: 'x', match: {}, outcome: 'allow', severity: 'info', reason: 'r', overridable: true },
      ],
    };
    const findings = validatePacks(new PolicyRegistry([bad]));
    expect(findings.map((f) => f.path).sort()).toEqual([
      'rules[0].match.commands[0]',
      'rules[1].id',
    ]);
  });

  it('finds nothing wrong with the built-in packs', () => {
    expect(validatePacks(PolicyRegistry.withBuiltins())).toEqual([]);
  });
});
