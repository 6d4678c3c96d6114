import { EvidenceError, MAX_LIST_LIMIT } from '@cavra/evidence';
import type { EvidenceLedger } from '@cavra/evidence';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** Returns the tenant of the request's API key, or undefined when the caller is unknown. */
export type EvidenceAuth = (
  request: FastifyRequest,
) => string | undefined | Promise<string | undefined>;

export interface EvidenceRoutesOptions {
  ledger: EvidenceLedger;
  auth: EvidenceAuth;
}

const ListQuery = z.object({
  tenant: z.string().optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  afterSeq: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(100),
});

const EntryParams = z.object({
  tenant: z.string(),
  seq: z.coerce.number().int().positive(),
});

/**
 * Mounts the evidence API: `GET /v1/evidence` (one tenant's chain, paged by `afterSeq`) and
 * `GET /v1/evidence/:tenant/:seq`. Every read is for the caller's own tenant: a key of tenant A
 * asking for tenant B gets 403, and never learns whether B's entry exists.
 */
export function registerEvidenceRoutes(app: FastifyInstance, options: EvidenceRoutesOptions): void {
  const { ledger, auth } = options;

  app.get('/v1/evidence', async function listEvidence(request, reply) {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, query.error);
    const tenant = await authorise(request, reply, auth, query.data.tenant);
    if (tenant === undefined) return reply;

    const { since, until, afterSeq, limit } = query.data;
    const entries = await withLedger(reply, () =>
      ledger.list({ tenant, since, until, afterSeq, limit }),
    );
    if (entries === undefined) return reply;
    const last = entries[entries.length - 1];
    const nextAfterSeq = entries.length === limit && last ? last.seq : null;
    return { tenant, entries, nextAfterSeq };
  });

  app.get('/v1/evidence/:tenant/:seq', async function getEvidence(request, reply) {
    const params = EntryParams.safeParse(request.params);
    if (!params.success) return badRequest(reply, params.error);
    const tenant = await authorise(request, reply, auth, params.data.tenant);
    if (tenant === undefined) return reply;

    const entry = await withLedger(reply, () => ledger.get(tenant, params.data.seq));
    if (reply.sent) return reply;
    if (!entry) {
      const message = `no entry with seq ${params.data.seq}`;
      return reply.code(404).send({ error: { code: 'not_found', message } });
    }
    return entry;
  });
}

/** The tenant the caller may read, or undefined after answering 401/403. */
async function authorise(
  request: FastifyRequest,
  reply: FastifyReply,
  auth: EvidenceAuth,
  requested: string | undefined,
): Promise<string | undefined> {
  const callerTenant = await auth(request);
  if (callerTenant === undefined) {
    const message = 'a valid API key is required';
    await reply.code(401).send({ error: { code: 'unauthenticated', message } });
    return undefined;
  }
  if (requested !== undefined && requested !== callerTenant) {
    const message = `this API key may read tenant "${callerTenant}" only`;
    await reply.code(403).send({ error: { code: 'forbidden', message } });
    return undefined;
  }
  return callerTenant;
}

async function withLedger<T>(reply: FastifyReply, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof EvidenceError)) throw err;
    const status = err.code === 'invalid_input' ? 400 : 503;
    await reply.code(status).send({ error: { code: err.code, message: err.message } });
    return undefined;
  }
}

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return reply.code(400).send({ error: { code: 'invalid_request', message, issues } });
}
