/**
 * Micro-measurements of the steps of one decision, to see where time goes:
 * `pnpm exec tsx bench/decision/micro.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecisionRequest, decisionKey, EventTypes, makeEvent, Topics } from '@cavra/contracts';
import { createSqliteDecisionStore, decide } from '@cavra/decision-service';
import { evaluate, PolicyRegistry } from '@cavra/policy';

const registry = PolicyRegistry.withBuiltins();
const pack = registry.get('cavra-baseline');
const tenant = { id: 'acme', policyPacks: ['cavra-baseline'], mode: 'enforce' as const };
const body = {
  sessionId: 'bench',
  agent: { id: 'bench-agent' },
  actor: 'bench@example.test',
  action: { type: 'write_file', target: 'src/app/service.ts' },
};

function time(name: string, n: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(n, 2000); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const us = Number(process.hrtime.bigint() - start) / 1000 / n;
  console.log(`${name.padEnd(28)} ${us.toFixed(2)} us/op`);
}

const request = DecisionRequest.parse(body);
time('DecisionRequest.parse', 20_000, () => DecisionRequest.parse(body));
time('evaluate (policy)', 20_000, () =>
  evaluate({ tenant: 'acme', action: request.action }, pack, 'enforce'),
);
time('evaluate execute_command', 20_000, () =>
  evaluate(
    { tenant: 'acme', action: { type: 'execute_command', target: 'terraform plan -out p' } },
    pack,
    'enforce',
  ),
);
time('decide', 20_000, () => decide(request, { registry, tenant }));
const { decision } = decide(request, { registry, tenant });
time('makeEvent', 20_000, () =>
  makeEvent(EventTypes.decision, decision, { source: 's', tenant: 'acme', id: 'x' }),
);
time('JSON.stringify decision', 20_000, () => JSON.stringify(decision));

const dir = mkdtempSync(join(tmpdir(), 'cavra-micro-'));
const store = await createSqliteDecisionStore({ path: join(dir, 'cavra.db') });
const n = 20_000;
const start = Date.now();
await Promise.all(
  Array.from({ length: n }, () => {
    const d = decide(request, { registry, tenant }).decision;
    const event = makeEvent(EventTypes.decision, d, {
      source: 's',
      tenant: 'acme',
      id: d.decisionId,
    });
    return store.saveDecision(d, {
      topic: Topics.decisions,
      key: decisionKey(d.tenant, d.correlationId),
      event,
    });
  }),
);
console.log(
  `saveDecision (grouped)        ${(((Date.now() - start) * 1000) / n).toFixed(2)} us/op`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
