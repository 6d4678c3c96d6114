import type { FastifyReply } from 'fastify';
import { type FieldIssue, fieldIssues } from '@cavra/contracts';
import type { z } from 'zod';
import { DecisionInputError, StoreError } from '../errors.ts';
import type { AuthResult } from './auth.ts';

/** `400 { error: 'invalid_request', issues }`, one issue per bad field. */
export function invalidRequest(reply: FastifyReply, issues: FieldIssue[]) {
  return reply.code(400).send({ error: 'invalid_request', issues });
}

/** Validation failure of a zod schema as a 400 naming every bad field. */
export function invalidZod(reply: FastifyReply, error: z.ZodError) {
  return invalidRequest(reply, fieldIssues(error));
}

export function authFailure(reply: FastifyReply, result: Extract<AuthResult, { ok: false }>) {
  return reply.code(result.status).send({ error: result.error, message: result.message });
}

/** Maps the service's own errors to answers; anything else is left to the error handler. */
export function knownFailure(reply: FastifyReply, err: unknown) {
  if (err instanceof DecisionInputError) {
    const issue = { path: err.field, message: `expected ${err.expected}` };
    return reply.code(400).send({ error: err.code, issues: [issue] });
  }
  if (err instanceof StoreError) {
    return reply.code(503).send({ error: err.code, message: 'decision store unavailable' });
  }
  throw err;
}
