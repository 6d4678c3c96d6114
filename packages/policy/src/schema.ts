import { z } from 'zod';
import {
  ActionType,
  Agent,
  Criticality,
  Environment,
  Outcome,
  PolicyMode,
  Severity,
  TenantId,
} from '@cavra/contracts';

/** Semantic version `MAJOR.MINOR.PATCH` with optional pre-release and build parts. */
const SemVer = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/,
    'a semantic version such as 1.2.0',
  );

const PackId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, dots, dashes, underscores');

const RuleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, dots, dashes, underscores');

const NonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/** Conditions of a rule: every condition given must hold for the rule to match. */
export const RuleMatch = z.strictObject({
  actionTypes: NonEmptyList(ActionType).optional(),
  targets: NonEmptyList(z.string().min(1).max(500)).optional(),
  commands: NonEmptyList(z.string().min(1).max(500)).optional(),
  operations: NonEmptyList(z.string().min(1).max(100)).optional(),
  flags: NonEmptyList(z.string().min(1).max(100)).optional(),
  branches: NonEmptyList(z.string().min(1).max(200)).optional(),
  environments: NonEmptyList(Environment).optional(),
  criticality: Criticality.optional(),
  repositories: NonEmptyList(z.string().min(1).max(500)).optional(),
  tenants: NonEmptyList(TenantId).optional(),
  mcpServers: NonEmptyList(z.string().min(1).max(200)).optional(),
  allowedMcpServers: z.array(z.string().min(1).max(200)).optional(),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

/** The action of a pack test case: like a decision request's action, operation optional. */
const TestAction = z.strictObject({
  type: ActionType,
  target: z.string().min(1).max(4096),
  operation: z.string().min(1).max(100).optional(),
  command: z.string().max(16384).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

/** An asset in a test case; id and owner may be left out for brevity. */
const TestAsset = z.strictObject({
  id: z.string().min(1).max(500).default('test-asset'),
  environment: Environment,
  criticality: Criticality,
  owner: z.string().max(200).default('test-owner'),
});

/** One test case a pack carries: an input, the mode, and the expected outcome and rule. */
export const PackTestCase = z.strictObject({
  name: z.string().min(1).max(300),
  mode: PolicyMode.default('enforce'),
  input: z.strictObject({
    tenant: TenantId.default('test-tenant'),
    action: TestAction,
    repository: z.string().max(500).optional(),
    asset: TestAsset.optional(),
    agent: Agent.optional(),
    actor: z.string().min(1).max(200).optional(),
  }),
  expect: z.strictObject({
    outcome: Outcome,
    ruleId: z.string().min(1).optional(),
    severity: Severity.optional(),
  }),
});
export type PackTestCase = z.infer<typeof PackTestCase>;

/** One rule of a pack. */
export const PolicyRule = z.strictObject({
  id: RuleId,
  description: z.string().max(1000).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  match: RuleMatch.default({}),
  outcome: Outcome,
  severity: Severity,
  reason: z.string().min(1).max(1000),
  approverGroup: z.string().min(1).max(200).optional(),
  overridable: z.boolean().default(true),
  tests: z.array(PackTestCase).optional(),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

/** What a pack decides when no rule matches. */
export const PackDefaults = z.strictObject({
  outcome: Outcome,
  severity: Severity,
  reason: z.string().min(1).max(1000),
  approverGroup: z.string().min(1).max(200).optional(),
});
export type PackDefaults = z.infer<typeof PackDefaults>;

/** A policy pack as written in YAML. */
export const PolicyPackSchema = z.strictObject({
  id: PackId,
  version: SemVer,
  description: z.string().max(2000).default(''),
  inherits: z.array(PackId).default([]),
  defaults: PackDefaults.optional(),
  rules: z.array(PolicyRule).default([]),
  tests: z.array(PackTestCase).default([]),
});

/** A parsed policy pack; `source` says where it came from (a file path, `builtin:...`). */
export type PolicyPack = z.infer<typeof PolicyPackSchema> & { source?: string };
