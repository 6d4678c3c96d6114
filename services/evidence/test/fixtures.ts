/** Valid events of every type the evidence service chains, built with the contracts. */
import { randomUUID } from 'node:crypto';
import { EventTypes, Topics, makeEvent } from '@cavra/contracts';
import type { CloudEventEnvelope, Decision } from '@cavra/contracts';
import type { OutgoingEvent } from '@cavra/bus';

const SOURCE = 'urn:cavra:test';
const NOW = '2026-01-05T10:00:00.000Z';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

export function decisionEvent(tenant: string, extra: Partial<Decision> = {}): CloudEventEnvelope {
  const decisionId = randomUUID();
  return makeEvent(
    EventTypes.decision,
    {
      decisionId,
      correlationId: `corr-${decisionId}`,
      sessionId: 'session-1',
      tenant,
      agent: { id: 'agent-1', name: 'coder' },
      actor: 'dev@example.test',
      action: { type: 'execute_command', target: 'repo', operation: 'run', command: 'ls -la' },
      outcome: 'block',
      mode: 'enforce',
      policy: { pack: 'cavra-baseline', version: '1.0.0', digest: DIGEST, ruleId: 'r-1' },
      severity: 'high',
      reason: 'listing is blocked in this test',
      evidenceRefs: [],
      decidedAt: NOW,
      ...extra,
    },
    { source: SOURCE, tenant },
  );
}

export function approvalEvent(tenant: string): CloudEventEnvelope {
  return makeEvent(
    EventTypes.approval,
    {
      approvalId: randomUUID(),
      decisionId: randomUUID(),
      tenant,
      status: 'granted',
      approver: 'lead@example.test',
      decidedAt: NOW,
    },
    { source: SOURCE, tenant },
  );
}

export function releaseEvent(tenant: string): CloudEventEnvelope {
  return makeEvent(
    EventTypes.policyRelease,
    {
      releaseId: randomUUID(),
      tenant,
      packId: 'cavra-baseline',
      version: '1.0.1',
      digest: DIGEST,
      action: 'release',
      releasedBy: 'admin@example.test',
      releasedAt: NOW,
    },
    { source: SOURCE, tenant },
  );
}

export function deliveryEvidenceEvent(tenant: string): CloudEventEnvelope {
  return makeEvent(
    EventTypes.deliveryEvidence,
    {
      evidenceId: randomUUID(),
      eventId: randomUUID(),
      eventType: EventTypes.decision,
      tenant,
      connector: 'soc-file',
      destination: { kind: 'file', name: 'soc-file', host: 'localhost' },
      attempt: 1,
      outcome: 'delivered',
      latencyMs: 3,
      payloadSha256: 'cd'.repeat(32),
      redactions: [],
      startedAt: NOW,
      finishedAt: NOW,
      traceId: 'ef'.repeat(16),
    },
    { source: SOURCE, tenant },
  );
}

/** The topic each fixture's event is published on. */
export function topicOf(event: CloudEventEnvelope): string {
  const byType: Record<string, string> = {
    [EventTypes.decision]: Topics.decisions,
    [EventTypes.approval]: Topics.approvals,
    [EventTypes.policyRelease]: Topics.releases,
    [EventTypes.deliveryEvidence]: Topics.deliveryEvidence,
  };
  const topic = byType[event.type];
  if (!topic) throw new Error(`no topic for ${event.type}`);
  return topic;
}

export function outgoing(event: CloudEventEnvelope): OutgoingEvent {
  return { key: `${event.tenant}:${event.id}`, event };
}
