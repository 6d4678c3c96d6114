import { z } from 'zod';
import { IsoTimestamp, TenantId, TraceParent } from './common.ts';
import { Decision } from './decision.ts';
import { Approval, DeliveryEvidence, InventoryAsset, PolicyRelease } from './records.ts';
import { Topics } from './topics.ts';

/** CloudEvents `type` of each payload; the suffix is the schema version. */
export const EventTypes = {
  decision: 'dev.cavra.decision.v1',
  approval: 'dev.cavra.approval.v1',
  inventoryAsset: 'dev.cavra.inventory.asset.v1',
  policyRelease: 'dev.cavra.policy.release.v1',
  deliveryEvidence: 'dev.cavra.delivery-evidence.v1',
  deadLetter: 'dev.cavra.dead-letter.v1',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/**
 * A CloudEvents 1.0 envelope in structured JSON mode, with the CAVRA extensions `tenant` and
 * `traceparent`. `data` is checked against the schema its `type` names by `parseEvent`.
 */
export const CloudEventEnvelope = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().optional(),
  time: IsoTimestamp,
  datacontenttype: z.literal('application/json').default('application/json'),
  dataschema: z.string().optional(),
  tenant: TenantId,
  traceparent: TraceParent.optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});
export type CloudEventEnvelope<T = unknown> = Omit<z.infer<typeof CloudEventEnvelope>, 'data'> & {
  data: T;
};

export const AttemptRecord = z.object({
  attempt: z.number().int().nonnegative(),
  at: IsoTimestamp,
  outcome: z.string(),
  statusCode: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

/** A dead letter: the original event (raw if it could not be parsed), the error and attempts. */
export const DeadLetter = z.object({
  connector: z.string().min(1),
  sourceTopic: z.string().min(1),
  key: z.string().nullable(),
  original: z.unknown(),
  error: z.object({ code: z.string().min(1), message: z.string(), retryable: z.boolean() }),
  attempts: z.array(AttemptRecord),
  deadLetteredAt: IsoTimestamp,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** The data schema of each event type. */
export const DataSchemas = {
  [EventTypes.decision]: Decision,
  [EventTypes.approval]: Approval,
  [EventTypes.inventoryAsset]: InventoryAsset,
  [EventTypes.policyRelease]: PolicyRelease,
  [EventTypes.deliveryEvidence]: DeliveryEvidence,
  [EventTypes.deadLetter]: DeadLetter,
} as const;

/** The event type carried on each well-known topic. */
export const TopicEventTypes = {
  [Topics.decisions]: EventTypes.decision,
  [Topics.approvals]: EventTypes.approval,
  [Topics.inventory]: EventTypes.inventoryAsset,
  [Topics.releases]: EventTypes.policyRelease,
  [Topics.deliveryEvidence]: EventTypes.deliveryEvidence,
} as const;
