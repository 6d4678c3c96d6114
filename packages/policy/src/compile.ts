import { type AssetRef, type Criticality, Criticality as CriticalityEnum } from '@cavra/contracts';
import type { PolicyIssue } from './errors.ts';
import type { AnalysedAction } from './normalise.ts';
import {
  compileGlobs,
  compilePatterns,
  compileTargetGlobs,
  globProblem,
  patternProblem,
} from './patterns.ts';
import type { PolicyPack, PolicyRule, RuleMatch } from './schema.ts';
import type { CommandFacts } from './typed-commands.ts';

/** What a compiled rule is checked against. */
export interface MatchContext {
  tenant: string;
  repository: string | undefined;
  asset: AssetRef | undefined;
  analysed: AnalysedAction;
}

/** A rule with its globs and patterns compiled, ready for the hot path. */
export interface CompiledRule {
  readonly id: string;
  /** The pack that defined the rule (a parent's id for inherited rules). */
  readonly definedIn: string;
  readonly rule: PolicyRule;
  matches(context: MatchContext): boolean;
}

type ActionCheck = (context: MatchContext) => boolean;
type CommandCheck = (command: CommandFacts, context: MatchContext) => boolean;

const CRITICALITY_ORDER: readonly Criticality[] = CriticalityEnum.options;

/** Compiles one rule; the rule must have passed `packProblems` (globs and patterns valid). */
export function compileRule(rule: PolicyRule, definedIn: string): CompiledRule {
  const actionChecks = actionChecksOf(rule.match);
  const commandChecks = commandChecksOf(rule.match);
  // Patterns alone may also span the whole line (`curl .* \| sh`); with other command
  // conditions they must hold for one simple command.
  const linePatterns =
    commandChecks.length === 1 && rule.match.commands ? compilePatterns(rule.match.commands) : [];
  return {
    id: rule.id,
    definedIn,
    rule,
    matches(context: MatchContext): boolean {
      for (const check of actionChecks) if (!check(context)) return false;
      if (commandChecks.length === 0) return true;
      if (linePatterns.length > 0) {
        const { action } = context.analysed;
        const line = action.command ?? action.target;
        if (linePatterns.some((p) => p.test(line))) return true;
      }
      // Command conditions must all hold for one simple command of the line, not across several.
      return context.analysed.commands.some((command) =>
        commandChecks.every((check) => check(command, context)),
      );
    },
  };
}

function actionChecksOf(match: RuleMatch): ActionCheck[] {
  const checks: ActionCheck[] = [];
  if (match.actionTypes) {
    const types = new Set<string>(match.actionTypes);
    checks.push((c) => types.has(c.analysed.action.type));
  }
  if (match.tenants) {
    const tenants = new Set(match.tenants);
    checks.push((c) => tenants.has(c.tenant));
  }
  if (match.targets) {
    const matchTarget = compileTargetGlobs(match.targets);
    checks.push((c) => matchTarget(c.analysed.action.target));
  }
  if (match.repositories) {
    const matchRepository = compileGlobs(match.repositories);
    checks.push((c) => c.repository !== undefined && matchRepository(c.repository));
  }
  if (match.criticality) {
    const minimum = CRITICALITY_ORDER.indexOf(match.criticality);
    checks.push(
      (c) => c.asset !== undefined && CRITICALITY_ORDER.indexOf(c.asset.criticality) >= minimum,
    );
  }
  if (match.mcpServers) {
    const servers = new Set(match.mcpServers);
    checks.push((c) => c.analysed.mcpServer !== undefined && servers.has(c.analysed.mcpServer));
  }
  if (match.allowedMcpServers) {
    const allowed = new Set(match.allowedMcpServers);
    checks.push((c) => c.analysed.mcpServer !== undefined && !allowed.has(c.analysed.mcpServer));
  }
  return checks;
}

function commandChecksOf(match: RuleMatch): CommandCheck[] {
  const checks: CommandCheck[] = [];
  if (match.commands) {
    const patterns = compilePatterns(match.commands);
    checks.push((command) => patterns.some((p) => p.test(command.text)));
  }
  if (match.operations) {
    const operations = new Set(match.operations);
    checks.push((command) => operations.has(command.operation));
  }
  if (match.flags) {
    const flags = match.flags;
    checks.push((command) => flags.some((flag) => command.flags.includes(flag)));
  }
  if (match.branches) {
    const matchBranch = compileGlobs(match.branches);
    checks.push((command) => command.refs.some((ref) => ref === '*' || matchBranch(ref)));
  }
  if (match.environments) {
    const environments = new Set<string>(match.environments);
    checks.push(
      (command, c) =>
        (command.environment !== undefined && environments.has(command.environment)) ||
        (c.asset !== undefined && environments.has(c.asset.environment)),
    );
  }
  return checks;
}

/**
 * Problems a schema cannot see: duplicate rule ids, bad globs, unsafe or invalid command
 * patterns, a pack inheriting itself. Paths are relative to the pack document.
 */
export function packProblems(pack: PolicyPack): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const seen = new Map<string, number>();
  pack.rules.forEach((rule, index) => {
    const first = seen.get(rule.id);
    if (first !== undefined) {
      issues.push({
        path: `rules[${index}].id`,
        message: `expected a unique rule id, got "${rule.id}" (also rules[${first}])`,
      });
    } else seen.set(rule.id, index);
    issues.push(...matchProblems(rule.match, `rules[${index}].match`));
  });
  pack.inherits.forEach((parent, index) => {
    if (parent === pack.id) {
      issues.push({ path: `inherits[${index}]`, message: `a pack cannot inherit itself` });
    }
  });
  return issues;
}

function matchProblems(match: RuleMatch, path: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const globLists = ['targets', 'repositories', 'branches'] as const;
  for (const field of globLists) {
    match[field]?.forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem) {
        issues.push({ path: `${path}.${field}[${i}]`, message: `bad glob "${glob}": ${problem}` });
      }
    });
  }
  match.commands?.forEach((pattern, i) => {
    const problem = patternProblem(pattern);
    if (problem) {
      issues.push({ path: `${path}.commands[${i}]`, message: `${problem}, got "${pattern}"` });
    }
  });
  return issues;
}
