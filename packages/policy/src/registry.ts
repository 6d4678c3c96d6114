import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { compileRule, type CompiledRule } from './compile.ts';
import { PolicyError } from './errors.ts';
import { builtinPacks, readPackDirectory } from './files.ts';
import type { PackDefaults, PackTestCase, PolicyPack } from './schema.ts';

// The package is CommonJS with an ESM-style declaration; at run time the default is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** The rule id a verdict names when no rule matched. */
export const DEFAULT_RULE_ID = 'default';

/** What a pack decides when neither it nor its parents say otherwise. */
const FALLBACK_DEFAULTS: PackDefaults = {
  outcome: 'allow',
  severity: 'info',
  reason: 'no policy rule matched this action',
};

/** A test case of a resolved pack, with the rule it was written under (if any). */
export interface ResolvedTestCase extends PackTestCase {
  /** `rules[i].tests[j]` or `tests[j]`: where the case is written in its pack. */
  path: string;
}

/** A pack with its parents folded in, rules in evaluation order, and its content digest. */
export interface ResolvedPack {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  /** `sha256:<hex>` of the canonical JSON (RFC 8785) of the resolved content. */
  readonly digest: string;
  readonly defaults: PackDefaults;
  /** Own rules (priority high to low, then file order), then each parent's resolved rules. */
  readonly rules: readonly CompiledRule[];
  /** The pack's own test cases (not its parents'). */
  readonly tests: readonly ResolvedTestCase[];
  /** This pack's id followed by every ancestor's, depth first. */
  readonly lineage: readonly string[];
  readonly source: string | undefined;
}

/** Holds policy packs by id, resolves `inherits`, compiles rules and computes digests once. */
export class PolicyRegistry {
  private readonly packs = new Map<string, PolicyPack>();
  private readonly resolved = new Map<string, ResolvedPack>();

  constructor(packs: PolicyPack[]) {
    for (const pack of packs) {
      const existing = this.packs.get(pack.id);
      if (existing) {
        const where = [existing.source, pack.source].filter(Boolean).join(' and ');
        throw new PolicyError('duplicate_pack', `pack "${pack.id}" is defined twice (${where})`, [
          { path: 'id', message: `expected a unique pack id, got "${pack.id}"` },
        ]);
      }
      this.packs.set(pack.id, pack);
    }
  }

  /** A registry of the built-in packs (`cavra-baseline`) plus `extra`. */
  static withBuiltins(extra: PolicyPack[] = []): PolicyRegistry {
    return new PolicyRegistry([...builtinPacks(), ...extra]);
  }

  /** A registry of the built-in packs plus every `*.yaml`/`*.yml` pack in `dir`. */
  static fromDirectory(dir: string): PolicyRegistry {
    return PolicyRegistry.withBuiltins(readPackDirectory(dir));
  }

  /** Ids of every pack held, sorted. */
  ids(): string[] {
    return [...this.packs.keys()].sort();
  }

  /** The pack as written (before resolution), or `undefined`. */
  raw(id: string): PolicyPack | undefined {
    return this.packs.get(id);
  }

  /** The resolved pack; throws `PolicyError` `unknown_pack`, `unknown_parent` or a cycle. */
  get(id: string): ResolvedPack {
    return this.resolve(id, []);
  }

  private resolve(id: string, stack: string[]): ResolvedPack {
    const cached = this.resolved.get(id);
    if (cached) return cached;
    if (stack.includes(id)) {
      const cycle = [...stack.slice(stack.indexOf(id)), id].join(' -> ');
      throw new PolicyError('inheritance_cycle', `packs inherit in a cycle: ${cycle}`, [
        { path: 'inherits', message: `expected no inheritance cycle, got ${cycle}` },
      ]);
    }
    const pack = this.packs.get(id);
    if (!pack) throw this.missing(id, stack);

    const parents = pack.inherits.map((parent) => this.resolve(parent, [...stack, id]));
    const resolved = buildResolvedPack(pack, parents);
    this.resolved.set(id, resolved);
    return resolved;
  }

  private missing(id: string, stack: string[]): PolicyError {
    const child = stack[stack.length - 1];
    if (child === undefined) {
      return new PolicyError('unknown_pack', `unknown policy pack "${id}"`, [
        { path: '', message: `expected one of ${this.ids().join(', ') || '(none)'}, got "${id}"` },
      ]);
    }
    const index = this.packs.get(child)?.inherits.indexOf(id) ?? 0;
    return new PolicyError('unknown_parent', `pack "${child}" inherits unknown pack "${id}"`, [
      { path: `inherits[${index}]`, message: `expected a known pack id, got "${id}"` },
    ]);
  }
}

function buildResolvedPack(pack: PolicyPack, parents: ResolvedPack[]): ResolvedPack {
  const own = pack.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.index - b.index)
    .map(({ rule }) => compileRule(rule, pack.id));

  // A child's rule replaces a parent's rule of the same id; a rule reached twice counts once.
  const rules = [...own];
  const ids = new Set(own.map((r) => r.id));
  for (const parent of parents) {
    for (const rule of parent.rules) {
      if (!ids.has(rule.id)) rules.push(rule);
      ids.add(rule.id);
    }
  }
  const defaults = pack.defaults ?? parents[0]?.defaults ?? FALLBACK_DEFAULTS;
  const tests = ownTests(pack);
  const lineage = [pack.id, ...parents.flatMap((p) => p.lineage)];
  const digest = digestOf({
    id: pack.id,
    version: pack.version,
    description: pack.description,
    inherits: parents.map((p) => ({ id: p.id, version: p.version, digest: p.digest })),
    defaults,
    rules: rules.map((r) => ({ definedIn: r.definedIn, ...r.rule })),
    tests,
  });
  return {
    id: pack.id,
    version: pack.version,
    description: pack.description,
    digest,
    defaults,
    rules,
    tests,
    lineage: [...new Set(lineage)],
    source: pack.source,
  };
}

function ownTests(pack: PolicyPack): ResolvedTestCase[] {
  const ruleTests = pack.rules.flatMap((rule, r) =>
    (rule.tests ?? []).map((test, t) => ({
      ...test,
      // A case written under a rule expects that rule unless it says otherwise.
      expect: { ...test.expect, ruleId: test.expect.ruleId ?? rule.id },
      path: `rules[${r}].tests[${t}]`,
    })),
  );
  return [...pack.tests.map((test, t) => ({ ...test, path: `tests[${t}]` })), ...ruleTests];
}

/** `sha256:` + hex of the canonical JSON of `content`. */
export function digestOf(content: unknown): string {
  const json = canonicalize(content) ?? 'null';
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}
