import { z } from 'zod';
import { IsoTimestamp, Sha256Hex, TenantId } from './common.ts';
import { Criticality, Environment } from './decision.ts';

export const ApprovalStatus = z.enum(['granted', 'denied', 'expired', 'break_glass']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** A human's answer to a `require_approval` decision, or a break-glass override. */
export const Approval = z.object({
  approvalId: z.string().min(1),
  decisionId: z.string().min(1),
  tenant: TenantId,
  status: ApprovalStatus,
  approver: z.string().min(1).max(200),
  approverGroup: z.string().max(200).optional(),
  reason: z.string().max(2000).optional(),
  channel: z.string().max(100).optional(),
  decidedAt: IsoTimestamp,
  expiresAt: IsoTimestamp.optional(),
});
export type Approval = z.infer<typeof Approval>;

/** An inventory asset upsert; `deleted: true` is a tombstone. */
export const InventoryAsset = z.object({
  assetId: z.string().min(1).max(500),
  tenant: TenantId,
  kind: z.enum(['host', 'cloud_account', 'cluster', 'repository', 'database', 'bucket', 'other']),
  name: z.string().min(1).max(500),
  environment: Environment,
  criticality: Criticality,
  owner: z.string().max(200),
  source: z.string().min(1).max(100),
  attributes: z.record(z.string(), z.string()).default({}),
  deleted: z.boolean().default(false),
  observedAt: IsoTimestamp,
});
export type InventoryAsset = z.infer<typeof InventoryAsset>;

/** A policy-pack release or rollback. */
export const PolicyRelease = z.object({
  releaseId: z.string().min(1),
  tenant: TenantId,
  packId: z.string().min(1),
  version: z.string().min(1),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, 'sha256:<64 hex>'),
  action: z.enum(['release', 'rollback']),
  previousVersion: z.string().optional(),
  releasedBy: z.string().min(1).max(200),
  releasedAt: IsoTimestamp,
});
export type PolicyRelease = z.infer<typeof PolicyRelease>;

export const DeliveryOutcome = z.enum([
  'delivered',
  'duplicate_suppressed',
  'filtered',
  'retry_scheduled',
  'failed',
  'dead_lettered',
]);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

/** Where a delivery went. Never a token, query string or full webhook URL. */
export const Destination = z.object({
  kind: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  host: z.string().max(300),
});
export type Destination = z.infer<typeof Destination>;

export const RedactionCount = z.object({
  type: z.string().min(1).max(100),
  count: z.number().int().positive(),
});
export type RedactionCount = z.infer<typeof RedactionCount>;

/** One record per delivery outcome, written to `cavra.delivery-evidence.v1`. */
export const DeliveryEvidence = z.object({
  evidenceId: z.string().min(1),
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  tenant: TenantId,
  connector: z.string().min(1),
  destination: Destination,
  attempt: z.number().int().nonnegative(),
  outcome: DeliveryOutcome,
  receipt: z.record(z.string(), z.string()).optional(),
  statusCode: z.number().int().optional(),
  latencyMs: z.number().nonnegative(),
  payloadSha256: Sha256Hex,
  redactions: z.array(RedactionCount),
  startedAt: IsoTimestamp,
  finishedAt: IsoTimestamp,
  traceId: z.string().regex(/^[0-9a-f]{32}$/, '32 lower-case hex characters'),
  error: z.object({ code: z.string().min(1), message: z.string() }).optional(),
});
export type DeliveryEvidence = z.infer<typeof DeliveryEvidence>;
