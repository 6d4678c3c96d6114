import { z } from 'zod';
import { CloudEventEnvelope, DeadLetter } from './envelope.ts';
import { Decision, DecisionRequest } from './decision.ts';
import { Approval, DeliveryEvidence, InventoryAsset, PolicyRelease } from './records.ts';

const exported = {
  'cloudevent-envelope': CloudEventEnvelope,
  decision: Decision,
  'decision-request': DecisionRequest,
  approval: Approval,
  'inventory-asset': InventoryAsset,
  'policy-release': PolicyRelease,
  'delivery-evidence': DeliveryEvidence,
  'dead-letter': DeadLetter,
} as const;

/** JSON Schema (draft 2020-12) of every exported contract, keyed by file stem. */
export function jsonSchemas(): Record<keyof typeof exported, Record<string, unknown>> {
  const out = {} as Record<keyof typeof exported, Record<string, unknown>>;
  for (const [name, schema] of Object.entries(exported) as [keyof typeof exported, z.ZodType][]) {
    out[name] = {
      $id: `https://schemas.cavra.dev/v1/${name}.json`,
      ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    };
  }
  return out;
}
