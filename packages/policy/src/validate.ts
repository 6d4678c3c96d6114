import { packProblems } from './compile.ts';
import { PolicyError } from './errors.ts';
import { zodIssues } from './parse.ts';
import type { PolicyIssue } from './errors.ts';
import { DEFAULT_RULE_ID, type PolicyRegistry, type ResolvedPack } from './registry.ts';
import { PolicyPackSchema } from './schema.ts';

/** One problem found by `validatePacks`. */
export interface PolicyFinding {
  pack: string;
  /** The pack's file or `builtin:<id>`, when known. */
  source: string | undefined;
  /** Path inside the pack document, e.g. `rules[1].match.commands[0]`. */
  path: string;
  code: string;
  message: string;
}

/**
 * Checks every pack of a registry: the format (unknown fields included), duplicate rule ids,
 * bad globs and command patterns, unknown parents and inheritance cycles. Returns findings
 * instead of throwing, so that a tool can report all of them at once.
 */
export function validatePacks(registry: PolicyRegistry): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const id of registry.ids()) {
    const pack = registry.raw(id);
    if (!pack) continue;
    const { source, ...document } = pack;
    const finding = (code: string, path: string, message: string): PolicyFinding => ({
      pack: id,
      source,
      path,
      code,
      message,
    });

    const parsed = PolicyPackSchema.safeParse(document, { reportInput: true });
    const issues = parsed.success ? packProblems(parsed.data) : zodIssues(parsed.error);
    findings.push(...issues.map((i) => finding('invalid_pack', i.path, i.message)));
    if (issues.length > 0) continue;

    try {
      const resolved = registry.get(id);
      findings.push(
        ...unknownExpectedRules(resolved).map((i) => finding('unknown_rule', i.path, i.message)),
      );
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      const where = err.issues.length > 0 ? err.issues : [{ path: '', message: err.message }];
      findings.push(...where.map((i) => finding(err.code, i.path, `${err.message}: ${i.message}`)));
    }
  }
  return findings;
}

/** Test cases that expect a rule the resolved pack does not have can never pass. */
function unknownExpectedRules(pack: ResolvedPack): PolicyIssue[] {
  const ids = new Set([DEFAULT_RULE_ID, ...pack.rules.map((r) => r.id)]);
  return pack.tests
    .filter((test) => test.expect.ruleId !== undefined && !ids.has(test.expect.ruleId))
    .map((test) => ({
      path: `${test.path}.expect.ruleId`,
      message: `expected a rule of the pack or "default", got "${test.expect.ruleId}"`,
    }));
}
