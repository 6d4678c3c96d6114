/**
 * Micro-measurements of the steps of one decision, to see where time goes:
 * `pnpm exec tsx bench/decision/micro.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecisionRequest, decisionKey, EventTypes, makeEvent, Topics } from '@cavra/contracts';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createSqliteDecisionStore, decide, type DecisionStore } from '@cavra/decision-service';
import type { DecisionDatabase } from '../../services/decision/src/store/schema.ts';
import { SqlDecisionStore } from '../../services/decision/src/store/sql-store.ts';
import { checkVerdictFields, outboxEvent } from '../../services/decision/src/http/outbox-event.ts';
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
time('checkVerdictFields + outboxEvent', 20_000, () => {
  checkVerdictFields(decision);
  return outboxEvent(decision, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
});
time('JSON.stringify decision', 20_000, () => JSON.stringify(decision));

/** Stores `n` decisions through `store`, returning CPU microseconds per save. */
async function saveRun(store: DecisionStore, n: number): Promise<number> {
  const items = Array.from({ length: n }, () => {
    const d = decide(request, { registry, tenant }).decision;
    const event = makeEvent(EventTypes.decision, d, {
      source: 's',
      tenant: 'acme',
      id: d.decisionId,
    });
    return {
      d,
      outbox: { topic: Topics.decisions, key: decisionKey('acme', d.correlationId), event },
    };
  });
  const before = process.cpuUsage();
  // Fifty at a time, as fifty concurrent connections would.
  for (let i = 0; i < n; i += 50) {
    await Promise.all(items.slice(i, i + 50).map((x) => store.saveDecision(x.d, x.outbox)));
  }
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / n;
}

const dir = mkdtempSync(join(tmpdir(), 'cavra-micro-'));
const prepared = await createSqliteDecisionStore({ path: join(dir, 'prepared.db') });
const database = new Database(join(dir, 'kysely.db'));
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
const generic = new SqlDecisionStore(
  'sqlite',
  new Kysely<DecisionDatabase>({ dialect: new SqliteDialect({ database }) }),
);
await generic.migrate();
for (let round = 1; round <= 3; round++) {
  const a = await saveRun(generic, 10_000);
  const b = await saveRun(prepared, 10_000);
  console.log(
    `round ${round}: save via kysely ${a.toFixed(1)} us CPU, prepared ${b.toFixed(1)} us CPU`,
  );
}
await generic.close();
await prepared.close();
rmSync(dir, { recursive: true, force: true });
