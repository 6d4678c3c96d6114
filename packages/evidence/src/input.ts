import { TenantId } from '@cavra/contracts';
import { redactValue } from '@cavra/redact';
import { invalidInput } from './errors.ts';
import type { AppendInput, ListQuery } from './ledger.ts';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './ledger.ts';

/** Checks a tenant id, naming the field and value when it is malformed. */
export function checkTenant(tenant: unknown): string {
  if (typeof tenant !== 'string' || !TenantId.safeParse(tenant).success) {
    throw invalidInput('tenant', 'lower-case letters, digits and dashes, 1-63 characters', tenant);
  }
  return tenant;
}

/**
 * Validates an append and redacts its record. Redaction happens here, once, for every store,
 * so no credential in a source event can reach the chain (the chain cannot be edited later).
 */
export function prepareAppend(input: AppendInput): AppendInput {
  checkTenant(input.tenant);
  if (typeof input.recordId !== 'string' || input.recordId.length === 0) {
    throw invalidInput('recordId', 'a non-empty string', input.recordId);
  }
  if (typeof input.recordType !== 'string' || input.recordType.length === 0) {
    throw invalidInput('recordType', 'a non-empty string', input.recordType);
  }
  // A JSON round trip drops undefined fields and functions, so the stored text and the hashed
  // value are the same thing.
  const record: unknown = JSON.parse(JSON.stringify(input.record ?? null));
  return { ...input, record: redactValue(record).value };
}

/** A list query with its instants normalised to UTC ISO strings and its limit bounded. */
export interface NormalisedQuery {
  tenant: string;
  since?: string;
  until?: string;
  afterSeq?: number;
  limit: number;
}

export function normaliseQuery(query: ListQuery): NormalisedQuery {
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw invalidInput('limit', `an integer from 1 to ${MAX_LIST_LIMIT}`, limit);
  }
  if (query.afterSeq !== undefined && (!Number.isInteger(query.afterSeq) || query.afterSeq < 0)) {
    throw invalidInput('afterSeq', 'a non-negative integer', query.afterSeq);
  }
  return {
    tenant: checkTenant(query.tenant),
    limit,
    ...(query.since !== undefined && { since: toUtcIso('since', query.since) }),
    ...(query.until !== undefined && { until: toUtcIso('until', query.until) }),
    ...(query.afterSeq !== undefined && { afterSeq: query.afterSeq }),
  };
}

/** Stored instants are `toISOString()` text, so bounds must be too for text comparison. */
export function toUtcIso(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidInput(field, 'an ISO 8601 timestamp', value);
  return new Date(ms).toISOString();
}
