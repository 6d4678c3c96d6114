import {
  Action,
  type CloudEventEnvelope,
  ContractError,
  Decision,
  decisionKey,
  EventTypes,
  fieldIssues,
  Topics,
} from '@cavra/contracts';
import type { OutboxEvent } from '../store/port.ts';

const EVENT_SOURCE = 'cavra/decision-service';

/**
 * The fields a decision takes from the policy verdict. Everything else in it comes from the
 * request (already validated by `DecisionRequest`), the authenticated tenant, the clock or the
 * id generator, so only these need checking before the decision is stored and published.
 */
const VerdictFields = Decision.pick({
  outcome: true,
  mode: true,
  policy: true,
  severity: true,
  reason: true,
  approverGroup: true,
}).extend({ operation: Action.shape.operation });

/**
 * Checks what the policy contributed to `decision`, throwing a `ContractError` naming the bad
 * fields. Cheaper than parsing the whole decision again, which is what `makeEvent` would do.
 */
export function checkVerdictFields(decision: Decision): void {
  // Only the checked fields are handed over: spreading the whole decision into a new object
  // cost more than the check itself.
  const result = VerdictFields.safeParse({
    outcome: decision.outcome,
    mode: decision.mode,
    policy: decision.policy,
    severity: decision.severity,
    reason: decision.reason,
    approverGroup: decision.approverGroup,
    operation: decision.action.operation,
  });
  if (!result.success) {
    throw new ContractError('decision', fieldIssues(result.error), { cause: result.error });
  }
}

/**
 * The outbox entry of a decision: its CloudEvent (`id` = `decisionId`) keyed by tenant and
 * correlation id. The envelope is built directly rather than with `makeEvent`, which would
 * validate the decision a second time; call `checkVerdictFields` first.
 */
export function outboxEvent(decision: Decision, traceparent: string): OutboxEvent {
  const event: CloudEventEnvelope<Decision> = {
    specversion: '1.0',
    id: decision.decisionId,
    source: EVENT_SOURCE,
    type: EventTypes.decision,
    time: decision.decidedAt,
    datacontenttype: 'application/json',
    tenant: decision.tenant,
    subject: decision.correlationId,
    traceparent,
    data: decision,
  };
  return {
    topic: Topics.decisions,
    key: decisionKey(decision.tenant, decision.correlationId),
    event,
  };
}
