import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '@cavra/contracts';
import type { DecisionStore } from '../src/store/port.ts';
import { StoreError } from '../src/errors.ts';
import { outboxFor, sampleDecision } from './fixtures.ts';

/** Opens a fresh, empty store; `dispose` closes it and removes whatever it created. */
export type StoreFactory = () => Promise<{ store: DecisionStore; dispose(): Promise<void> }>;

async function save(store: DecisionStore, decision: Decision): Promise<Decision> {
  await store.saveDecision(decision, outboxFor(decision));
  return decision;
}

/** The behaviour every DecisionStore adapter must have. */
export function decisionStoreContract(name: string, open: StoreFactory): void {
  describe(`DecisionStore contract: ${name}`, () => {
    let store: DecisionStore;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('stores a decision and reads it back by id, only for its tenant', async () => {
      const d = await save(store, sampleDecision({ tenant: 'acme' }));
      expect(await store.getDecision('acme', d.decisionId)).toEqual(d);
      expect(await store.getDecision('globex', d.decisionId)).toBeUndefined();
    });

    it('migrates idempotently', async () => {
      await store.migrate();
      await store.migrate();
      await store.ping();
    });

    it('queues one outbox row per decision, in insertion order, until marked', async () => {
      const saved = await Promise.all(
        Array.from({ length: 5 }, (_, i) => save(store, sampleDecision({ reason: `r${i}` }))),
      );
      const rows = await store.claimUnpublished(10);
      expect(rows.map((r) => r.event.id)).toEqual(saved.map((d) => d.decisionId));
      expect(rows[0]?.key).toBe(`acme:${saved[0]?.correlationId}`);
      expect(rows[0]?.event.data).toEqual(saved[0]);
      expect(await store.outboxBacklog()).toBe(5);

      await store.markPublished(rows.slice(0, 3).map((r) => r.id));
      const left = await store.claimUnpublished(10);
      expect(left.map((r) => r.event.id)).toEqual(saved.slice(3).map((d) => d.decisionId));
      expect(await store.outboxBacklog()).toBe(2);
      expect((await store.claimUnpublished(1)).length).toBe(1);
    });

    it('saves decision and outbox atomically: a failed save leaves neither', async () => {
      const d = await save(store, sampleDecision());
      const clash = sampleDecision({ decisionId: d.decisionId, reason: 'duplicate id' });
      await expect(store.saveDecision(clash, outboxFor(clash))).rejects.toBeInstanceOf(StoreError);
      expect(await store.outboxBacklog()).toBe(1);
      expect((await store.getDecision('acme', d.decisionId))?.reason).toBe(d.reason);
    });

    it('a bad save in a concurrent group fails only itself', async () => {
      const d = await save(store, sampleDecision());
      const good = [sampleDecision(), sampleDecision()];
      const bad = sampleDecision({ decisionId: d.decisionId });
      const results = await Promise.allSettled([
        store.saveDecision(good[0]!, outboxFor(good[0]!)),
        store.saveDecision(bad, outboxFor(bad)),
        store.saveDecision(good[1]!, outboxFor(good[1]!)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.outboxBacklog()).toBe(3);
    });

    it('lists newest first with filters, scoped to the tenant', async () => {
      const a1 = await save(store, sampleDecision({ outcome: 'allow', severity: 'info' }));
      const a2 = await save(
        store,
        sampleDecision({ outcome: 'block', severity: 'critical', sessionId: 's2' }),
      );
      const a3 = await save(
        store,
        sampleDecision({
          outcome: 'require_approval',
          severity: 'high',
          agent: { id: 'agent-2' },
          action: { type: 'execute_command', target: 'terraform apply', operation: 'apply' },
        }),
      );
      await save(store, sampleDecision({ tenant: 'globex', outcome: 'block' }));

      const ids = (page: { items: Decision[] }) => page.items.map((d) => d.decisionId);
      expect(ids(await store.listDecisions({ tenant: 'acme' }))).toEqual([
        a3.decisionId,
        a2.decisionId,
        a1.decisionId,
      ]);
      expect(ids(await store.listDecisions({ tenant: 'acme', outcome: 'block' }))).toEqual([
        a2.decisionId,
      ]);
      expect(ids(await store.listDecisions({ tenant: 'acme', minSeverity: 'high' }))).toEqual([
        a3.decisionId,
        a2.decisionId,
      ]);
      const byType = await store.listDecisions({ tenant: 'acme', actionType: 'execute_command' });
      expect(ids(byType)).toEqual([a3.decisionId]);
      expect(ids(await store.listDecisions({ tenant: 'acme', agentId: 'agent-2' }))).toEqual([
        a3.decisionId,
      ]);
      expect(ids(await store.listDecisions({ tenant: 'acme', sessionId: 's2' }))).toEqual([
        a2.decisionId,
      ]);
      expect((await store.listDecisions({ tenant: 'globex' })).items).toHaveLength(1);
      expect((await store.listDecisions({ tenant: 'initech' })).items).toHaveLength(0);
    });

    it('filters by time window', async () => {
      const old = await save(store, sampleDecision({ decidedAt: '2024-01-01T00:00:00.000Z' }));
      const mid = await save(store, sampleDecision({ decidedAt: '2024-06-01T00:00:00+02:00' }));
      await save(store, sampleDecision({ decidedAt: '2025-01-01T00:00:00.000Z' }));
      const page = await store.listDecisions({
        tenant: 'acme',
        since: '2024-01-01T00:00:00Z',
        until: '2024-12-31T00:00:00Z',
      });
      expect(page.items.map((d) => d.decisionId).sort()).toEqual(
        [old.decisionId, mid.decisionId].sort(),
      );
    });

    it('pages with a cursor until the last page', async () => {
      const saved: Decision[] = [];
      for (let i = 0; i < 7; i++) saved.push(await save(store, sampleDecision()));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listDecisions({ tenant: 'acme', limit: 3, cursor });
        seen.push(...page.items.map((d) => d.decisionId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(saved.map((d) => d.decisionId).reverse());
    });

    it('rejects a bad limit or cursor naming the field', async () => {
      await expect(store.listDecisions({ tenant: 'acme', limit: 0 })).rejects.toThrow(/limit/);
      await expect(store.listDecisions({ tenant: 'acme', cursor: "x' or 1=1" })).rejects.toThrow(
        /cursor/,
      );
      await expect(store.listDecisions({ tenant: 'acme', since: 'yesterday' })).rejects.toThrow(
        /since/,
      );
    });

    it('returns a session history oldest first, only for the tenant', async () => {
      const s = [1, 2, 3].map(() => sampleDecision({ sessionId: 'sess-h' }));
      for (const d of s) await save(store, d);
      await save(store, sampleDecision({ sessionId: 'sess-h', tenant: 'globex' }));
      await save(store, sampleDecision({ sessionId: 'other' }));
      const history = await store.sessionHistory('acme', 'sess-h');
      expect(history.map((d) => d.decisionId)).toEqual(s.map((d) => d.decisionId));
    });

    it('fails with a StoreError once closed', async () => {
      await store.close();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreError);
      const d = sampleDecision();
      await expect(store.saveDecision(d, outboxFor(d))).rejects.toMatchObject({
        code: 'store_closed',
      });
    });
  });
}
