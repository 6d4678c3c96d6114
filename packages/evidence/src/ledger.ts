import type { ChainHead, EvidenceEntry } from './entry.ts';

/** What a caller hands to the ledger; the ledger adds seq, recordedAt, prevHash and hash. */
export interface AppendInput {
  tenant: string;
  /** The source event id (idempotency key within the tenant). */
  recordId: string;
  /** The CloudEvents type of the source event. */
  recordType: string;
  /** The payload; it is redacted before it is stored. */
  record: unknown;
}

/** A read of one tenant's chain, in seq order. */
export interface ListQuery {
  tenant: string;
  /** Entries recorded at or after this instant (ISO 8601). */
  since?: string;
  /** Entries recorded strictly before this instant (ISO 8601). */
  until?: string;
  /** Entries with seq greater than this (paging). */
  afterSeq?: number;
  /** At most this many entries (default 1000, at most 10000). */
  limit?: number;
}

/**
 * The evidence ledger port: one hash chain per tenant. Every read names a tenant, so one
 * tenant's entries are never returned for another. Appends are serialised per tenant, so
 * concurrent appenders never fork a chain.
 */
export interface EvidenceLedger {
  readonly kind: 'sqlite' | 'postgres';
  /** Appends one record; the same (tenant, recordId) again returns the stored entry. */
  append(input: AppendInput): Promise<EvidenceEntry>;
  /** Appends several records (any tenants), returning their entries in input order. */
  appendMany(inputs: AppendInput[]): Promise<EvidenceEntry[]>;
  list(query: ListQuery): Promise<EvidenceEntry[]>;
  /** One entry by seq (number) or recordId (string); undefined when absent. */
  get(tenant: string, key: number | string): Promise<EvidenceEntry | undefined>;
  head(tenant: string): Promise<ChainHead>;
  /** Tenants that have at least one entry, sorted. */
  tenants(): Promise<string[]>;
  close(): Promise<void>;
}

export const DEFAULT_LIST_LIMIT = 1000;
export const MAX_LIST_LIMIT = 10_000;
