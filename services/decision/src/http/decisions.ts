import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ActionType,
  type Decision,
  DecisionRequest,
  Outcome,
  Severity,
  TraceParent,
} from '@cavra/contracts';
import { currentTraceparent } from '@cavra/telemetry';
import { decide, type DecideContext, failClosed, effectiveMode } from '../decide.ts';
import { newTraceparent } from '../ids.ts';
import type { OutboxEvent } from '../store/port.ts';
import type { DecisionAppContext } from './context.ts';
import { checkVerdictFields, outboxEvent } from './outbox-event.ts';
import { authFailure, invalidZod, knownFailure } from './replies.ts';

const ListQuery = z.strictObject({
  tenant: z.string().optional(),
  outcome: Outcome.optional(),
  actionType: ActionType.optional(),
  sessionId: z.string().min(1).optional(),
  agentId: z.string().min(1).optional(),
  minSeverity: Severity.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).optional(),
});

const TenantQuery = z.object({ tenant: z.string().optional() });

/** Registers `POST/GET /v1/decisions`, `GET /v1/decisions/:id` and the session history. */
export function registerDecisionRoutes(app: FastifyInstance, ctx: DecisionAppContext): void {
  app.post('/v1/decisions', (request, reply) => postDecision(ctx, request, reply));

  app.get('/v1/decisions', async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return invalidZod(reply, query.error);
    const { tenant: named, ...filters } = query.data;
    const auth = ctx.auth.authenticate(request.headers.authorization, named);
    if (!auth.ok) return authFailure(reply, auth);
    try {
      return await ctx.store.listDecisions({ ...filters, tenant: auth.tenant.id });
    } catch (err) {
      return knownFailure(reply, err);
    }
  });

  app.get<{ Params: { id: string } }>('/v1/decisions/:id', async (request, reply) => {
    const auth = ctx.auth.authenticate(request.headers.authorization, namedTenant(request));
    if (!auth.ok) return authFailure(reply, auth);
    try {
      const decision = await ctx.store.getDecision(auth.tenant.id, request.params.id);
      // Another tenant's decision is "not found", so ids of other tenants cannot be probed.
      if (!decision) return reply.code(404).send({ error: 'not_found' });
      return decision;
    } catch (err) {
      return knownFailure(reply, err);
    }
  });

  app.get<{ Params: { sessionId: string } }>(
    '/v1/sessions/:sessionId/decisions',
    async (request, reply) => {
      const auth = ctx.auth.authenticate(request.headers.authorization, namedTenant(request));
      if (!auth.ok) return authFailure(reply, auth);
      try {
        return { items: await ctx.store.sessionHistory(auth.tenant.id, request.params.sessionId) };
      } catch (err) {
        return knownFailure(reply, err);
      }
    },
  );
}

function namedTenant(request: FastifyRequest): string | undefined {
  const parsed = TenantQuery.safeParse(request.query);
  return parsed.success ? parsed.data.tenant : undefined;
}

/**
 * Decides, then stores the decision with its outbox event in one transaction. A store failure
 * answers 503 with a fail-closed `block` decision in the body, so an agent that reads only the
 * body still stops.
 */
async function postDecision(ctx: DecisionAppContext, request: FastifyRequest, reply: FastifyReply) {
  const parsed = DecisionRequest.safeParse(request.body);
  if (!parsed.success) return invalidZod(reply, parsed.error);
  const body = parsed.data;
  const auth = ctx.auth.authenticate(request.headers.authorization, body.tenant);
  if (!auth.ok) return authFailure(reply, auth);

  const decideContext: DecideContext = { registry: ctx.registry, tenant: auth.tenant };
  let decision: Decision;
  let outbox: OutboxEvent;
  try {
    ({ decision, outbox } = decideAndQueue(ctx, request, body, decideContext));
  } catch (err) {
    return knownFailure(reply, err);
  }

  // Serialised once: the stored row and the answer are the same text.
  const json = JSON.stringify(decision);
  try {
    await ctx.store.saveDecision(decision, outbox, json);
  } catch (err) {
    ctx.metrics.failClosed.inc({ cause: 'store' });
    ctx.warn('store_unavailable', { err }, 'decision store failed; answering fail-closed blocks');
    const mode = effectiveMode(auth.tenant.mode, body.mode);
    const reason = 'decision store unavailable: the decision could not be recorded; failing closed';
    const blocked = failClosed(body, decideContext, mode, decision.policy, reason);
    ctx.metrics.decisions.inc({ outcome: blocked.outcome });
    return reply.code(503).send(blocked);
  }

  ctx.relay?.wake();
  ctx.metrics.decisions.inc({ outcome: decision.outcome });
  return reply.type('application/json; charset=utf-8').send(json);
}

/** Decides and builds the outbox event; a decision the contract rejects becomes a block. */
function decideAndQueue(
  ctx: DecisionAppContext,
  request: FastifyRequest,
  body: DecisionRequest,
  decideContext: DecideContext,
): { decision: Decision; outbox: OutboxEvent } {
  const tenant = decideContext.tenant.id;
  const traceparent = traceparentOf(request);
  const result = decide(body, decideContext);
  if (result.failedClosed) {
    ctx.metrics.failClosed.inc({ cause: 'policy' });
    ctx.warn(`policy:${tenant}`, { err: result.error, tenant }, 'policy failed; blocked');
  }
  try {
    checkVerdictFields(result.decision);
    return { decision: result.decision, outbox: outboxEvent(result.decision, traceparent) };
  } catch (err) {
    ctx.metrics.failClosed.inc({ cause: 'policy' });
    ctx.warn(`contract:${tenant}`, { err, tenant }, 'decision failed its contract; blocked');
    const mode = effectiveMode(decideContext.tenant.mode, body.mode);
    const reason = 'the policy produced an invalid decision record; failing closed';
    const decision = failClosed(body, decideContext, mode, result.decision.policy, reason);
    return { decision, outbox: outboxEvent(decision, traceparent) };
  }
}

/**
 * The caller's trace context when it sent a valid one, else the active span's (when the
 * process traces), else a new trace, so every decision starts a trace its consumers continue.
 */
function traceparentOf(request: FastifyRequest): string {
  const header = request.headers.traceparent;
  if (typeof header === 'string' && TraceParent.safeParse(header).success) return header;
  return currentTraceparent() ?? newTraceparent();
}
