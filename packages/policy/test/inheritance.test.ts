import { describe, expect, it } from 'vitest';
import { evaluate, PolicyError, PolicyRegistry, parsePack } from '../src/index.ts';
import { registryOf } from './helpers.ts';

const parent = `
id: parent
version: 1.0.0
defaults: { outcome: warn, severity: low, reason: parent default }
rules:
  - id: low
    priority: 1
    match: { actionTypes: [read_file] }
    outcome: allow
    severity: info
    reason: parent allows reads
  - id: keys
    priority: 5
    match: { targets: ['*.pem'] }
    outcome: block
    severity: high
    reason: parent blocks keys
`;
const child = `
id: child
version: 2.0.0
inherits: [parent]
rules:
  - id: docs
    match: { targets: ['docs/**'] }
    outcome: allow
    severity: info
    reason: child allows docs
  - id: low
    match: { actionTypes: [read_file], targets: ['*.md'] }
    outcome: warn
    severity: low
    reason: child overrides parent rule low
`;

const read = (target: string) => ({
  tenant: 'acme',
  action: { type: 'read_file' as const, target },
});

describe('inheritance', () => {
  const registry = registryOf(parent, child);
  const resolved = registry.get('child');

  it("puts the child's rules first, then the parent's by priority", () => {
    expect(resolved.rules.map((r) => `${r.definedIn}:${r.id}`)).toEqual([
      'child:docs',
      'child:low',
      'parent:keys',
    ]);
    expect(resolved.lineage).toEqual(['child', 'parent']);
  });

  it('lets a child override a parent rule of the same id', () => {
    expect(evaluate(read('README.md'), resolved, 'enforce').matchedRule).toBe('low');
    expect(evaluate(read('README.md'), resolved, 'enforce').outcome).toBe('warn');
    // The parent's `low` rule is gone: other reads fall through to the inherited defaults.
    expect(evaluate(read('src/a.ts'), resolved, 'enforce')).toMatchObject({
      outcome: 'warn',
      matchedRule: 'default',
      reason: 'parent default',
    });
  });

  it('applies parent rules the child did not override', () => {
    expect(evaluate(read('tls/a.pem'), resolved, 'enforce').matchedRule).toBe('keys');
  });

  it('orders by priority, then file order', () => {
    const pack = registryOf(`
id: order
version: 1.0.0
rules:
  - { id: a, match: {}, outcome: allow, severity: info, reason: a }
  - { id: b, priority: 10, match: {}, outcome: block, severity: info, reason: b }
  - { id: c, priority: 10, match: {}, outcome: warn, severity: info, reason: c }
`).get('order');
    expect(pack.rules.map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  it('names unknown parents and cycles', () => {
    const orphan = registryOf('id: orphan\nversion: 1.0.0\ninherits: [ghost]\n');
    expect(() => orphan.get('orphan')).toThrow(
      expect.objectContaining({
        code: 'unknown_parent',
        message: expect.stringContaining('ghost'),
      }),
    );
    const cyclic = registryOf(
      'id: a\nversion: 1.0.0\ninherits: [b]\n',
      'id: b\nversion: 1.0.0\ninherits: [a]\n',
    );
    expect(() => cyclic.get('a')).toThrow(/a -> b -> a/);
  });

  it('throws unknown_pack for a missing pack', () => {
    const error = (() => {
      try {
        registryOf(parent).get('nope');
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ code: 'unknown_pack', retryable: false });
  });

  it('rejects two packs with one id', () => {
    expect(() => new PolicyRegistry([parsePack(parent), parsePack(parent)])).toThrow(
      expect.objectContaining({ code: 'duplicate_pack' }),
    );
  });
});

describe('digests', () => {
  it('are stable across key order, whitespace and comments', () => {
    const a = registryOf(parent).get('parent').digest;
    const reordered = `
# same pack, written differently
version: "1.0.0"
id: parent
rules:
  - { priority: 1, id: low, reason: parent allows reads, severity: info, outcome: allow,
      match: { actionTypes: [read_file] } }
  - id: keys
    reason: parent blocks keys
    outcome: block
    severity: high
    match:
      targets:
        - '*.pem'
    priority: 5
defaults: { reason: parent default, severity: low, outcome: warn }
`;
    expect(registryOf(reordered).get('parent').digest).toBe(a);
    expect(a).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('change when a rule changes, and a child changes with its parent', () => {
    const base = registryOf(parent, child);
    const edited = registryOf(parent.replace('parent blocks keys', 'keys blocked'), child);
    expect(edited.get('parent').digest).not.toBe(base.get('parent').digest);
    expect(edited.get('child').digest).not.toBe(base.get('child').digest);
  });
});
