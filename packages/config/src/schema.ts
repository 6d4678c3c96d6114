import { z } from 'zod';
import { ActionType, Outcome, PolicyMode, Severity, TenantId } from '@cavra/contracts';
import { secretString } from './secret.ts';

const SaslConfig = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: secretString,
});

export const BusConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded'), path: z.string().min(1).default('.cavra/bus.db') }),
  z.strictObject({
    kind: z.literal('kafka'),
    brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'host:port')).min(1),
    clientId: z.string().min(1).default('cavra'),
    ssl: z.boolean().default(false),
    sasl: SaslConfig.optional(),
  }),
]);
export type BusConfig = z.infer<typeof BusConfig>;

export const StoreConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite'), path: z.string().min(1).default('.cavra/cavra.db') }),
  z.strictObject({
    kind: z.literal('postgres'),
    url: secretString,
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('cavra'),
  }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;

export const EvidenceConfig = z.strictObject({
  store: StoreConfig.default({ kind: 'sqlite', path: '.cavra/evidence.db' }),
  /** Folder of the Ed25519 signing key used for bundles. */
  keyDir: z.string().min(1).default('.cavra/keys'),
});
export type EvidenceConfig = z.infer<typeof EvidenceConfig>;

export const ApiConfig = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
});

export const TenantConfig = z.strictObject({
  id: TenantId,
  apiKeys: z.array(secretString).default([]),
  policyPacks: z.array(z.string().min(1)).min(1).default(['cavra-baseline']),
  mode: PolicyMode.default('enforce'),
});
export type TenantConfig = z.infer<typeof TenantConfig>;

/** Which events a connector delivers: every listed condition must hold. */
export const RouteRule = z.strictObject({
  outcomes: z.array(Outcome).min(1).optional(),
  minSeverity: Severity.optional(),
  actionTypes: z.array(ActionType).min(1).optional(),
  repositories: z.array(z.string().min(1)).min(1).optional(),
  /** Write `filtered` evidence for events this route does not take (off by default). */
  recordFiltered: z.boolean().default(false),
});
export type RouteRule = z.infer<typeof RouteRule>;

/**
 * Fields every connector has. The fields particular to a destination kind are checked by that
 * kind's own schema when the connector starts (connector-kit's registry).
 */
export const ConnectorConfig = z.looseObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  kind: z.string().min(1),
  tenant: TenantId,
  enabled: z.boolean().default(true),
  route: RouteRule.default({ recordFiltered: false }),
});
export type ConnectorConfig = z.infer<typeof ConnectorConfig>;

export const CavraConfig = z
  .strictObject({
    bus: BusConfig.default({ kind: 'embedded', path: '.cavra/bus.db' }),
    store: StoreConfig.default({ kind: 'sqlite', path: '.cavra/cavra.db' }),
    evidence: EvidenceConfig.default({
      store: { kind: 'sqlite', path: '.cavra/evidence.db' },
      keyDir: '.cavra/keys',
    }),
    api: ApiConfig.default({ host: '127.0.0.1', port: 8080 }),
    policy: z.strictObject({ directory: z.string().min(1).optional() }).default({}),
    tenants: z.array(TenantConfig).min(1),
    connectors: z.array(ConnectorConfig).default([]),
  })
  .superRefine((config, ctx) => {
    const tenants = new Set(config.tenants.map((t) => t.id));
    const names = new Set<string>();
    config.connectors.forEach((connector, i) => {
      if (names.has(connector.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', i, 'name'],
          message: `duplicate name "${connector.name}"`,
        });
      }
      names.add(connector.name);
      if (!tenants.has(connector.tenant)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', i, 'tenant'],
          message: `unknown tenant "${connector.tenant}"`,
        });
      }
    });
  });
export type CavraConfig = z.infer<typeof CavraConfig>;
