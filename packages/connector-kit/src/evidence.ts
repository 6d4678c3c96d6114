import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  EventTypes,
  Topics,
  makeEvent,
  type DeliveryEvidence,
  type DeliveryOutcome,
  type Destination,
  type RedactionCount,
} from '@cavra/contracts';
import type { EventBus } from '@cavra/bus';
import { redactMessage } from './redact-payload.ts';
import type { Receipt, SendError } from './send-result.ts';

/** Hex sha256 of the exact bytes sent. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The trace id of a `traceparent`, or a fresh one when there is none. */
export function traceIdOf(traceparent: string | undefined): string {
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent ?? '');
  return match?.[1] ?? randomBytes(16).toString('hex');
}

/** What one outcome is about; the rest of the record is filled in by `buildEvidence`. */
export interface EvidenceFacts {
  eventId: string;
  eventType: string;
  tenant: string;
  connector: string;
  destination: Destination;
  outcome: DeliveryOutcome;
  attempt: number;
  payloadSha256: string;
  redactions: RedactionCount[];
  startedAt: Date;
  traceId: string;
  traceparent?: string;
  receipt?: Receipt;
  statusCode?: number;
  error?: SendError;
  /** Set for outcomes that must be recorded once per delivery key (a stable evidence id). */
  deliveryKey?: string;
}

/** Builds a `DeliveryEvidence` record; error messages are redacted here. */
export function buildEvidence(facts: EvidenceFacts, finishedAt = new Date()): DeliveryEvidence {
  const evidenceId = facts.deliveryKey
    ? stableUuid(`${facts.deliveryKey}:${facts.outcome}`)
    : randomUUID();
  return {
    evidenceId,
    eventId: facts.eventId,
    eventType: facts.eventType,
    tenant: facts.tenant,
    connector: facts.connector,
    destination: facts.destination,
    attempt: facts.attempt,
    outcome: facts.outcome,
    latencyMs: Math.max(0, finishedAt.getTime() - facts.startedAt.getTime()),
    payloadSha256: facts.payloadSha256,
    redactions: facts.redactions,
    startedAt: facts.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    traceId: facts.traceId,
    ...(facts.receipt && { receipt: facts.receipt }),
    ...(facts.statusCode !== undefined && { statusCode: facts.statusCode }),
    ...(facts.error && {
      error: { code: facts.error.code, message: redactMessage(facts.error.message) },
    }),
  };
}

/** Publishes evidence to `topic` keyed `tenant:eventId`. */
export async function publishEvidence(
  bus: EventBus,
  topic: string,
  evidence: DeliveryEvidence,
  traceparent: string | undefined,
): Promise<void> {
  const event = makeEvent(EventTypes.deliveryEvidence, evidence, {
    source: `cavra/connector/${evidence.connector}`,
    tenant: evidence.tenant,
    ...(traceparent !== undefined && { traceparent }),
  });
  await bus.publish(topic, [{ key: `${evidence.tenant}:${evidence.eventId}`, event }]);
}

/** The default evidence topic. */
export const EVIDENCE_TOPIC = Topics.deliveryEvidence;

/** A UUID-shaped id derived from `text`, so a repeated record carries the same id. */
function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const parts = [h.slice(0, 8), h.slice(8, 12), `5${h.slice(13, 16)}`, `a${h.slice(17, 20)}`];
  return [...parts, h.slice(20, 32)].join('-');
}
