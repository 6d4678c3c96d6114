import { z } from 'zod';
import { IsoTimestamp, Severity, TenantId } from './common.ts';

export const ActionType = z.enum([
  'read_file',
  'write_file',
  'execute_command',
  'git_operation',
  'mcp_tool_call',
  'pull_request',
]);
export type ActionType = z.infer<typeof ActionType>;

export const Outcome = z.enum([
  'allow',
  'block',
  'require_approval',
  'warn',
  'audit_only',
  'allow_with_attestation',
]);
export type Outcome = z.infer<typeof Outcome>;

export const PolicyMode = z.enum(['enforce', 'audit_only', 'strict', 'break_glass']);
export type PolicyMode = z.infer<typeof PolicyMode>;

export const Environment = z.enum(['production', 'staging', 'development', 'test', 'unknown']);
export type Environment = z.infer<typeof Environment>;

export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);
export type Criticality = z.infer<typeof Criticality>;

export const Agent = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  vendor: z.string().max(200).optional(),
});
export type Agent = z.infer<typeof Agent>;

/** What the agent wants to do. `operation` is a normalised verb such as `read`, `push`, `apply`. */
export const Action = z.object({
  type: ActionType,
  target: z.string().min(1).max(4096),
  operation: z.string().min(1).max(100),
  command: z.string().max(16384).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});
export type Action = z.infer<typeof Action>;

export const AssetRef = z.object({
  id: z.string().min(1).max(500),
  environment: Environment,
  criticality: Criticality,
  owner: z.string().max(200),
});
export type AssetRef = z.infer<typeof AssetRef>;

export const PolicyRef = z.object({
  pack: z.string().min(1),
  version: z.string().min(1),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, 'sha256:<64 hex>'),
  ruleId: z.string().min(1),
});
export type PolicyRef = z.infer<typeof PolicyRef>;

/** One decision per agent action: the record auditors and SIEM rules rely on. */
export const Decision = z.object({
  decisionId: z.string().min(1),
  correlationId: z.string().min(1).max(200),
  sessionId: z.string().min(1).max(200),
  tenant: TenantId,
  agent: Agent,
  actor: z.string().min(1).max(200),
  action: Action,
  repository: z.string().max(500).optional(),
  asset: AssetRef.optional(),
  outcome: Outcome,
  mode: PolicyMode,
  policy: PolicyRef,
  severity: Severity,
  reason: z.string().min(1).max(2000),
  approverGroup: z.string().max(200).optional(),
  evidenceRefs: z.array(z.string()),
  decidedAt: IsoTimestamp,
});
export type Decision = z.infer<typeof Decision>;

/** The body of `POST /v1/decisions`: an action to judge. */
export const DecisionRequest = z.object({
  correlationId: z.string().min(1).max(200).optional(),
  sessionId: z.string().min(1).max(200),
  tenant: TenantId.optional(),
  agent: Agent,
  actor: z.string().min(1).max(200),
  action: Action.extend({ operation: z.string().min(1).max(100).optional() }),
  repository: z.string().max(500).optional(),
  asset: AssetRef.optional(),
  mode: PolicyMode.optional(),
  policyPack: z.string().min(1).optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;
