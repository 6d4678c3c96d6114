import { type Kysely, sql } from 'kysely';
import { type Decision, SEVERITY_ORDER } from '@cavra/contracts';
import { DecisionInputError, StoreError } from '../errors.ts';
import { CommitQueue } from './commit-queue.ts';
import {
  DEFAULT_PAGE_SIZE,
  type DecisionPage,
  type DecisionQuery,
  type DecisionStore,
  MAX_PAGE_SIZE,
  MAX_SESSION_HISTORY,
  type OutboxEvent,
  type OutboxRow,
} from './port.ts';
import { type DecisionDatabase, migrateToLatest } from './schema.ts';

/**
 * Most saves one transaction commits. A burst larger than this is committed in several
 * transactions, answering the first saves before the later ones are written, so the wait of a
 * request in a burst is bounded by this many saves rather than by the size of the burst.
 */
export const MAX_GROUP_COMMIT = 64;
const DECISION_ID = /^[0-9a-zA-Z_-]{1,100}$/;

/** One decision waiting in the group-commit queue. */
export interface PendingSave {
  decision: Decision;
  outbox: OutboxEvent;
  /** `JSON.stringify(decision)` when the caller already has it (it answers with it too). */
  body: string | undefined;
}

/**
 * The decision store over kysely; the SQLite and PostgreSQL adapters differ only in how they
 * connect. Saves go through a group-commit queue (see `CommitQueue`).
 */
export class SqlDecisionStore implements DecisionStore {
  readonly #queue: CommitQueue<PendingSave>;
  #closed = false;

  constructor(
    readonly kind: 'sqlite' | 'postgres',
    private readonly db: Kysely<DecisionDatabase>,
    /** PostgreSQL schema of the tables (the connections' `search_path`). */
    private readonly schema?: string,
  ) {
    this.#queue = new CommitQueue((items) => this.writeBatch(items), MAX_GROUP_COMMIT);
  }

  async migrate(): Promise<void> {
    await this.guard(() => migrateToLatest(this.db, this.kind, this.schema));
  }

  saveDecision(decision: Decision, outbox: OutboxEvent, body?: string): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    return this.#queue.enqueue({ decision, outbox, body });
  }

  /** Writes a group of saves in one transaction; adapters may override with a faster path. */
  protected async writeBatch(items: PendingSave[]): Promise<void> {
    const now = new Date().toISOString();
    await this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('decisions')
          .values(items.map(({ decision, body }) => decisionRow(decision, body)))
          .execute();
        await trx
          .insertInto('outbox')
          .values(
            items.map(({ decision, outbox }) => ({
              decision_id: decision.decisionId,
              topic: outbox.topic,
              msg_key: outbox.key,
              event: envelopeText(outbox),
              created_at: now,
            })),
          )
          .execute();
      }),
    );
  }

  async getDecision(tenant: string, decisionId: string): Promise<Decision | undefined> {
    const row = await this.guard(() =>
      this.db
        .selectFrom('decisions')
        .select('body')
        .where('tenant', '=', tenant)
        .where('decision_id', '=', decisionId)
        .executeTakeFirst(),
    );
    return row ? parseBody(row.body) : undefined;
  }

  async listDecisions(query: DecisionQuery): Promise<DecisionPage> {
    const limit = checkLimit(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    if (query.cursor !== undefined && !DECISION_ID.test(query.cursor)) {
      throw new DecisionInputError('invalid_query', 'cursor', 'a nextCursor value', query.cursor);
    }
    let q = this.db.selectFrom('decisions').select('body').where('tenant', '=', query.tenant);
    if (query.outcome) q = q.where('outcome', '=', query.outcome);
    if (query.actionType) q = q.where('action_type', '=', query.actionType);
    if (query.sessionId) q = q.where('session_id', '=', query.sessionId);
    if (query.agentId) q = q.where('agent_id', '=', query.agentId);
    if (query.minSeverity) q = q.where('severity_rank', '>=', severityRank(query.minSeverity));
    if (query.since) q = q.where('decided_at', '>=', toUtcIso('since', query.since));
    if (query.until) q = q.where('decided_at', '<', toUtcIso('until', query.until));
    if (query.cursor) q = q.where('decision_id', '<', query.cursor);

    const rows = await this.guard(() =>
      q
        .orderBy('decision_id', 'desc')
        .limit(limit + 1)
        .execute(),
    );
    const items = rows.slice(0, limit).map((r) => parseBody(r.body));
    const last = items.at(-1);
    return rows.length > limit && last ? { items, nextCursor: last.decisionId } : { items };
  }

  async sessionHistory(tenant: string, sessionId: string, limit = MAX_SESSION_HISTORY) {
    checkLimit(limit, MAX_SESSION_HISTORY);
    const rows = await this.guard(() =>
      this.db
        .selectFrom('decisions')
        .select('body')
        .where('tenant', '=', tenant)
        .where('session_id', '=', sessionId)
        .orderBy('decision_id', 'asc')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => parseBody(r.body));
  }

  async claimUnpublished(limit: number): Promise<OutboxRow[]> {
    const rows = await this.guard(() =>
      this.db
        .selectFrom('outbox')
        .innerJoin('decisions', 'decisions.decision_id', 'outbox.decision_id')
        .select(['outbox.id', 'outbox.topic', 'outbox.msg_key', 'outbox.event', 'decisions.body'])
        .orderBy('outbox.id', 'asc')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => outboxRow(Number(r.id), r));
  }

  async markPublished(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    // Deleting (rather than flagging) keeps the outbox as small as the backlog; the decision
    // itself stays in `decisions`.
    await this.guard(() => this.db.deleteFrom('outbox').where('id', 'in', ids).execute());
  }

  async outboxBacklog(): Promise<number> {
    const row = await this.guard(() =>
      this.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    );
    return Number(row.n);
  }

  async ping(): Promise<void> {
    await this.guard(() => sql`select 1`.execute(this.db));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }

  /** Runs a statement, turning driver failures into a retryable `StoreError`. */
  protected async guard<T>(run: () => Promise<T> | T): Promise<T> {
    if (this.#closed) throw closedError();
    try {
      return await run();
    } catch (err) {
      if (err instanceof StoreError || err instanceof DecisionInputError) throw err;
      throw new StoreError('store_unavailable', `decision store (${this.kind}) failed`, {
        cause: err,
      });
    }
  }
}

function closedError(): StoreError {
  return new StoreError('store_closed', 'decision store is closed');
}

/** The indexed columns and JSON body of a decision row. */
export function decisionRow(decision: Decision, body = JSON.stringify(decision)) {
  return {
    decision_id: decision.decisionId,
    tenant: decision.tenant,
    session_id: decision.sessionId,
    agent_id: decision.agent.id,
    outcome: decision.outcome,
    action_type: decision.action.type,
    severity_rank: severityRank(decision.severity),
    decided_at: new Date(decision.decidedAt).toISOString(),
    body,
  };
}

/**
 * The outbox keeps the envelope without its `data`: the data is the decision row's body, so
 * storing it twice would double the bytes written per decision. `outboxRow` joins them again.
 */
export function envelopeText(outbox: OutboxEvent): string {
  const { data: _data, ...envelope } = outbox.event;
  return JSON.stringify(envelope);
}

/** Rebuilds an outbox row from its stored envelope and the decision body. */
export function outboxRow(
  id: number,
  r: { topic: string; msg_key: string; event: string; body: string },
): OutboxRow {
  const envelope = JSON.parse(r.event) as Omit<OutboxRow['event'], 'data'>;
  return { id, topic: r.topic, key: r.msg_key, event: { ...envelope, data: parseBody(r.body) } };
}

function parseBody(body: string): Decision {
  // Rows were validated on the way in; parsing again would only cost time on every read.
  return JSON.parse(body) as Decision;
}

function severityRank(severity: Decision['severity']): number {
  return SEVERITY_ORDER.indexOf(severity);
}

function checkLimit(limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DecisionInputError('invalid_query', 'limit', `an integer from 1 to ${max}`, limit);
  }
  return limit;
}

/** Stored instants are `toISOString()` text, so bounds must be too for text comparison. */
function toUtcIso(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new DecisionInputError('invalid_query', field, 'an ISO 8601 timestamp', value);
  }
  return new Date(ms).toISOString();
}
