import type { CloudEventEnvelope, Decision, Outcome, Severity } from '@cavra/contracts';

/** The event queued with a decision, published later by the relay (transactional outbox). */
export interface OutboxEvent {
  topic: string;
  key: string;
  event: CloudEventEnvelope<Decision>;
}

/** An outbox row not yet published, as the relay reads it. `id` gives insertion order. */
export interface OutboxRow extends OutboxEvent {
  id: number;
}

/** Filters of `GET /v1/decisions`. Every query is scoped to one tenant. */
export interface DecisionQuery {
  tenant: string;
  outcome?: Outcome;
  actionType?: string;
  sessionId?: string;
  agentId?: string;
  /** Decisions of this severity or higher. */
  minSeverity?: Severity;
  /** Decided at or after this instant (ISO 8601). */
  since?: string;
  /** Decided strictly before this instant (ISO 8601). */
  until?: string;
  /** At most this many items (default 50, at most 500). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of decisions, newest first. `nextCursor` is absent on the last page. */
export interface DecisionPage {
  items: Decision[];
  nextCursor?: string;
}

/**
 * Where decisions live: one port, a SQLite and a PostgreSQL adapter, one contract suite.
 * Every read takes a tenant, so one tenant's decisions are never returned for another.
 */
export interface DecisionStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the tables; idempotent. */
  migrate(): Promise<void>;
  /**
   * Stores the decision and its outbox event in one transaction: both or neither. `body`, when
   * given, must be `JSON.stringify(decision)`: a caller that serialises the decision anyway
   * (to answer with it) saves the store doing it again.
   */
  saveDecision(decision: Decision, outbox: OutboxEvent, body?: string): Promise<void>;
  getDecision(tenant: string, decisionId: string): Promise<Decision | undefined>;
  listDecisions(query: DecisionQuery): Promise<DecisionPage>;
  /** A session's decisions, oldest first. */
  sessionHistory(tenant: string, sessionId: string, limit?: number): Promise<Decision[]>;
  /** Unpublished outbox rows, oldest first. */
  claimUnpublished(limit: number): Promise<OutboxRow[]>;
  /** Removes published rows from the outbox (the decisions stay). */
  markPublished(ids: number[]): Promise<void>;
  /** Rows still waiting for publication. */
  outboxBacklog(): Promise<number>;
  /** Resolves when the store answers a trivial query; rejects with a `StoreError` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const MAX_SESSION_HISTORY = 1000;
