import { type Outcome, type PolicyMode, type Severity, SEVERITY_ORDER } from '@cavra/contracts';

/** A rule's (or the default's) judgement before the mode is applied. */
export interface Judgement {
  outcome: Outcome;
  severity: Severity;
  reason: string;
  approverGroup?: string;
  ruleId: string;
  overridable: boolean;
  /** True when no rule matched and the pack's defaults decided. */
  byDefault: boolean;
}

/** What a mode turns a judgement into. */
export interface ModeResult {
  outcome: Outcome;
  severity: Severity;
  reason: string;
}

const HOLDS_ACTION = new Set<Outcome>(['block', 'require_approval']);
const LOOSE_DEFAULTS = new Set<Outcome>(['allow', 'audit_only']);

function atLeast(severity: Severity, minimum: Severity): Severity {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(minimum) ? severity : minimum;
}

/**
 * Applies a policy mode to a judgement:
 * - `enforce`: as written;
 * - `audit_only`: block and require_approval become `audit_only` (the action proceeds, recorded);
 * - `strict`: `warn` and "no rule matched" require approval;
 * - `break_glass`: block and require_approval become `allow` (severity at least high) unless the
 *   rule is not overridable.
 */
export function applyMode(judgement: Judgement, mode: PolicyMode): ModeResult {
  const { outcome, severity, reason } = judgement;
  switch (mode) {
    case 'enforce':
      return { outcome, severity, reason };
    case 'audit_only':
      if (!HOLDS_ACTION.has(outcome)) return { outcome, severity, reason };
      return {
        outcome: 'audit_only',
        severity,
        reason: `audit only; enforce mode would ${verb(outcome)}: ${reason}`,
      };
    case 'strict':
      // A default that already blocks or attests is kept; only permissive defaults tighten.
      if (outcome === 'warn' || (judgement.byDefault && LOOSE_DEFAULTS.has(outcome))) {
        const why = judgement.byDefault ? 'no rule allows this action' : `warning: ${reason}`;
        return {
          outcome: 'require_approval',
          severity: atLeast(severity, 'medium'),
          reason: `strict mode requires approval; ${why}`,
        };
      }
      return { outcome, severity, reason };
    case 'break_glass':
      return breakGlass(judgement);
  }
}

function breakGlass(judgement: Judgement): ModeResult {
  const { outcome, severity, reason, ruleId } = judgement;
  if (!HOLDS_ACTION.has(outcome)) return { outcome, severity, reason };
  if (!judgement.overridable) {
    return {
      outcome,
      severity: atLeast(severity, 'high'),
      reason: `break-glass refused: rule ${ruleId} is not overridable; ${reason}`,
    };
  }
  return {
    outcome: 'allow',
    severity: atLeast(severity, 'high'),
    reason: `break-glass override of rule ${ruleId} (would ${verb(outcome)}): ${reason}`,
  };
}

function verb(outcome: Outcome): string {
  return outcome === 'block' ? 'block' : 'require approval';
}
