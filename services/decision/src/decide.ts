import type { Decision, DecisionRequest, PolicyMode, PolicyRef } from '@cavra/contracts';
import { evaluate, type PolicyRegistry, type ResolvedPack, type Verdict } from '@cavra/policy';
import { DecisionInputError } from './errors.ts';
import { newDecisionId } from './ids.ts';

/** The part of a tenant's configuration that decides how its actions are judged. */
export interface TenantPolicy {
  id: string;
  /** Packs the tenant may be judged by; the first is the default. */
  policyPacks: readonly string[];
  mode: PolicyMode;
}

export interface DecideContext {
  registry: PolicyRegistry;
  tenant: TenantPolicy;
  /** Clock and id source, replaceable so results can be reproduced. */
  now?: () => Date;
  newId?: () => string;
}

/** A decision, and whether (and why) it is a fail-closed block rather than a policy verdict. */
export interface DecideResult {
  decision: Decision;
  failedClosed: boolean;
  error?: unknown;
}

/** Rule id of every decision made because the policy could not be applied. */
export const FAIL_CLOSED_RULE = 'fail_closed';
const UNKNOWN_DIGEST = `sha256:${'0'.repeat(64)}`;

/**
 * How much each mode lets through, least strict first. A request may make its judgement
 * stricter than the tenant's configured mode but never looser: an agent must not be able to
 * lift its own guard rails. So `break_glass` is used only where the tenant's mode is
 * `break_glass` (or `audit_only`, which is already looser), and `strict` is always allowed.
 */
const MODE_STRICTNESS: readonly PolicyMode[] = ['audit_only', 'break_glass', 'enforce', 'strict'];

/** The mode a request is judged in: the stricter of the tenant's and the requested one. */
export function effectiveMode(tenantMode: PolicyMode, requested?: PolicyMode): PolicyMode {
  if (requested === undefined) return tenantMode;
  const rank = (m: PolicyMode) => MODE_STRICTNESS.indexOf(m);
  return rank(requested) > rank(tenantMode) ? requested : tenantMode;
}

/** The pack a request is judged by: its `policyPack` when the tenant has it, else the first. */
export function selectPack(tenant: TenantPolicy, requested?: string): string {
  if (requested === undefined) {
    const first = tenant.policyPacks[0];
    if (first === undefined) {
      throw new DecisionInputError('unknown_policy_pack', 'policyPacks', 'at least one', []);
    }
    return first;
  }
  if (!tenant.policyPacks.includes(requested)) {
    const expected = `one of the tenant's packs (${tenant.policyPacks.join(', ')})`;
    throw new DecisionInputError('unknown_policy_pack', 'policyPack', expected, requested);
  }
  return requested;
}

/**
 * Turns a request into a full decision. Shared by the HTTP service and `cavra evaluate`; does
 * no I/O. Fails closed: when the pack cannot be resolved or evaluation throws, the decision is
 * `block` with rule `fail_closed`. Throws only `DecisionInputError` for a pack the tenant may
 * not use, which is the caller's mistake rather than the policy's.
 */
export function decide(request: DecisionRequest, context: DecideContext): DecideResult {
  const packId = selectPack(context.tenant, request.policyPack);
  const mode = effectiveMode(context.tenant.mode, request.mode);
  let pack: ResolvedPack | undefined;
  try {
    pack = context.registry.get(packId);
    const verdict = evaluate(policyInput(request, context.tenant.id), pack, mode);
    return { decision: buildDecision(request, context, mode, verdict), failedClosed: false };
  } catch (error) {
    const policy: PolicyRef = {
      pack: packId,
      version: pack?.version ?? 'unknown',
      digest: pack?.digest ?? UNKNOWN_DIGEST,
      ruleId: FAIL_CLOSED_RULE,
    };
    const reason = `policy could not be evaluated (${describe(error)}); failing closed`;
    return {
      decision: failClosed(request, context, mode, policy, reason),
      failedClosed: true,
      error,
    };
  }
}

/** A `block` decision with rule `fail_closed`, e.g. when the store cannot keep the decision. */
export function failClosed(
  request: DecisionRequest,
  context: DecideContext,
  mode: PolicyMode,
  policy: PolicyRef,
  reason: string,
): Decision {
  const verdict: Verdict = {
    outcome: 'block',
    severity: 'high',
    reason,
    policy: { ...policy, ruleId: FAIL_CLOSED_RULE },
    operation: request.action.operation ?? 'unknown',
    matchedRule: FAIL_CLOSED_RULE,
  };
  return buildDecision(request, context, mode, verdict);
}

function policyInput(request: DecisionRequest, tenant: string) {
  return {
    tenant,
    action: request.action,
    agent: request.agent,
    actor: request.actor,
    ...(request.repository !== undefined && { repository: request.repository }),
    ...(request.asset !== undefined && { asset: request.asset }),
  };
}

function buildDecision(
  request: DecisionRequest,
  context: DecideContext,
  mode: PolicyMode,
  verdict: Verdict,
): Decision {
  const decisionId = (context.newId ?? newDecisionId)();
  const { action } = request;
  const decision: Decision = {
    decisionId,
    correlationId: request.correlationId ?? decisionId,
    sessionId: request.sessionId,
    tenant: context.tenant.id,
    agent: request.agent,
    actor: request.actor,
    action: {
      type: action.type,
      target: action.target,
      operation: verdict.operation,
      ...(action.command !== undefined && { command: action.command }),
      ...(action.args !== undefined && { args: action.args }),
    },
    outcome: verdict.outcome,
    mode,
    policy: verdict.policy,
    severity: verdict.severity,
    reason: verdict.reason,
    evidenceRefs: [],
    decidedAt: (context.now?.() ?? new Date()).toISOString(),
  };
  if (request.repository !== undefined) decision.repository = request.repository;
  if (request.asset !== undefined) decision.asset = request.asset;
  if (verdict.approverGroup !== undefined) decision.approverGroup = verdict.approverGroup;
  return decision;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}
