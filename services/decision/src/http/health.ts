import type { FastifyInstance } from 'fastify';
import type { DecisionAppContext } from './context.ts';

/**
 * `/healthz` (the process answers), `/readyz` (store reachable, every tenant's packs resolve;
 * the bus state is reported but does not make the service unready, since the outbox keeps
 * decisions until the bus is back) and `/metrics` (Prometheus text).
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: DecisionAppContext): void {
  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const store = await ctx.store.ping().then(
      () => 'ok',
      () => 'unavailable',
    );
    const policy = policyProblems(ctx);
    const bus = ctx.relay ? ctx.relay.state : 'none';
    const ready = store === 'ok' && policy.length === 0;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      store,
      policy: policy.length === 0 ? 'ok' : policy,
      bus,
    });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(text);
  });
}

/** Packs named by a tenant that do not resolve (decisions for them fail closed). */
function policyProblems(ctx: DecisionAppContext): string[] {
  const problems: string[] = [];
  for (const tenant of ctx.auth.tenants()) {
    for (const pack of tenant.policyPacks) {
      try {
        ctx.registry.get(pack);
      } catch (err) {
        problems.push(`${tenant.id}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}
