import { type Decision, decisionKey, EventTypes, makeEvent, Topics } from '@cavra/contracts';
import { newDecisionId } from '../src/ids.ts';
import type { OutboxEvent } from '../src/store/port.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** A valid decision with sensible defaults; `overrides` replaces top-level fields. */
export function sampleDecision(overrides: Partial<Decision> = {}): Decision {
  const decisionId = overrides.decisionId ?? newDecisionId();
  return {
    decisionId,
    correlationId: decisionId,
    sessionId: 'sess-1',
    tenant: 'acme',
    agent: { id: 'agent-1', name: 'coder' },
    actor: 'dev@example.test',
    action: { type: 'write_file', target: 'src/app.ts', operation: 'write' },
    outcome: 'allow',
    mode: 'enforce',
    policy: { pack: 'cavra-baseline', version: '1.0.0', digest: DIGEST, ruleId: 'source-edit' },
    severity: 'info',
    reason: 'ordinary source edit',
    evidenceRefs: [],
    decidedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The outbox event the service would queue with `decision`. */
export function outboxFor(decision: Decision): OutboxEvent {
  return {
    topic: Topics.decisions,
    key: decisionKey(decision.tenant, decision.correlationId),
    event: makeEvent(EventTypes.decision, decision, {
      source: 'cavra/decision-service',
      tenant: decision.tenant,
      id: decision.decisionId,
      time: decision.decidedAt,
    }),
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
