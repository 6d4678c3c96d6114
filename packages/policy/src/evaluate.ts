import type {
  ActionType,
  Agent,
  AssetRef,
  Outcome,
  PolicyMode,
  PolicyRef,
  Severity,
} from '@cavra/contracts';
import type { MatchContext } from './compile.ts';
import { applyMode, type Judgement } from './modes.ts';
import { analyseAction } from './normalise.ts';
import { DEFAULT_RULE_ID, type ResolvedPack } from './registry.ts';

/** What is judged: one action of an agent, with what CAVRA knows around it. */
export interface PolicyInput {
  tenant: string;
  action: {
    type: ActionType;
    target: string;
    operation?: string;
    command?: string;
    args?: Record<string, unknown>;
  };
  repository?: string;
  asset?: AssetRef;
  agent?: Agent;
  actor?: string;
}

/** The judgement of a pack on one input, in one mode. */
export interface Verdict {
  outcome: Outcome;
  severity: Severity;
  reason: string;
  approverGroup?: string;
  policy: PolicyRef;
  /** The normalised operation (see `normaliseAction`). */
  operation: string;
  /** The rule the verdict came from (`default` when none matched); equals `policy.ruleId`. */
  matchedRule: string;
}

/**
 * Evaluates an input against a resolved pack: the first matching rule in precedence order
 * decides, else the pack's defaults; then the mode is applied. Pure and allocation-light: the
 * pack's globs and patterns were compiled when it was resolved.
 */
export function evaluate(input: PolicyInput, pack: ResolvedPack, mode: PolicyMode): Verdict {
  const analysed = analyseAction(input.action);
  const context: MatchContext = {
    tenant: input.tenant,
    repository: input.repository,
    asset: input.asset,
    analysed,
  };
  const judgement = judge(pack, context);
  const result = applyMode(judgement, mode);

  const verdict: Verdict = {
    outcome: result.outcome,
    severity: result.severity,
    reason: result.reason,
    policy: { pack: pack.id, version: pack.version, digest: pack.digest, ruleId: judgement.ruleId },
    operation: analysed.action.operation,
    matchedRule: judgement.ruleId,
  };
  if (judgement.approverGroup !== undefined) verdict.approverGroup = judgement.approverGroup;
  return verdict;
}

function judge(pack: ResolvedPack, context: MatchContext): Judgement {
  for (const compiled of pack.rules) {
    if (!compiled.matches(context)) continue;
    const { rule } = compiled;
    const judgement: Judgement = {
      outcome: rule.outcome,
      severity: rule.severity,
      reason: rule.reason,
      ruleId: rule.id,
      overridable: rule.overridable,
      byDefault: false,
    };
    if (rule.approverGroup !== undefined) judgement.approverGroup = rule.approverGroup;
    return judgement;
  }
  const { defaults } = pack;
  const judgement: Judgement = {
    outcome: defaults.outcome,
    severity: defaults.severity,
    reason: defaults.reason,
    ruleId: DEFAULT_RULE_ID,
    overridable: true,
    byDefault: true,
  };
  if (defaults.approverGroup !== undefined) judgement.approverGroup = defaults.approverGroup;
  return judgement;
}
