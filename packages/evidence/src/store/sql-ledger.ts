import type { Insertable, Kysely, Selectable } from 'kysely';
import { GENESIS_HASH, sealEntry } from '../entry.ts';
import type { ChainHead, EvidenceEntry } from '../entry.ts';
import { EvidenceError } from '../errors.ts';
import { checkTenant, normaliseQuery, prepareAppend } from '../input.ts';
import type { AppendInput, EvidenceLedger, ListQuery } from '../ledger.ts';
import { TenantCommitQueue } from './commit-queue.ts';
import type { EntriesTable, LedgerDatabase } from './schema.ts';

type Db = Kysely<LedgerDatabase>;

/**
 * Runs `work` inside a write transaction that no other appender of `tenant` can enter until it
 * commits: the store-specific part of an append. A lock that reads the head while taking it
 * passes it on, saving a round trip.
 */
export type TenantLock = <T>(
  db: Db,
  tenant: string,
  work: (trx: Db, lockedHead?: ChainHead) => Promise<T>,
) => Promise<T>;

/** Rows per INSERT statement: well under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500;

/** The ledger over kysely, shared by the SQLite and PostgreSQL adapters. */
export class SqlLedger implements EvidenceLedger {
  private readonly commits: TenantCommitQueue;

  constructor(
    readonly kind: 'sqlite' | 'postgres',
    private readonly db: Db,
    private readonly lockTenant: TenantLock,
  ) {
    this.commits = new TenantCommitQueue((tenant, inputs) =>
      guard(`append to tenant ${tenant}`, () =>
        this.lockTenant(this.db, tenant, (trx, head) => appendBatch(trx, tenant, inputs, head)),
      ),
    );
  }

  async append(input: AppendInput): Promise<EvidenceEntry> {
    const [entry] = await this.appendMany([input]);
    if (!entry) throw new EvidenceError('chain_conflict', 'append returned no entry', true);
    return entry;
  }

  async appendMany(inputs: AppendInput[]): Promise<EvidenceEntry[]> {
    const prepared = inputs.map(prepareAppend);
    const out: EvidenceEntry[] = [];

    const groups = [...groupByTenant(prepared)].map(async ([tenant, batch]) => {
      const entries = await this.commits.submit(
        tenant,
        batch.map((b) => b.input),
      );
      batch.forEach(({ index }, i) => (out[index] = entries[i] as EvidenceEntry));
    });
    await Promise.all(groups);
    return out;
  }

  async list(query: ListQuery): Promise<EvidenceEntry[]> {
    const q = normaliseQuery(query);
    const rows = await guard('list entries', () => {
      let select = this.db
        .selectFrom('evidence_entries')
        .selectAll()
        .where('tenant', '=', q.tenant);
      if (q.since !== undefined) select = select.where('recorded_at', '>=', q.since);
      if (q.until !== undefined) select = select.where('recorded_at', '<', q.until);
      if (q.afterSeq !== undefined) select = select.where('seq', '>', q.afterSeq);
      return select.orderBy('seq', 'asc').limit(q.limit).execute();
    });
    return rows.map(toEntry);
  }

  async get(tenant: string, key: number | string): Promise<EvidenceEntry | undefined> {
    checkTenant(tenant);
    const row = await guard('get entry', () => {
      const select = this.db
        .selectFrom('evidence_entries')
        .selectAll()
        .where('tenant', '=', tenant);
      return (
        typeof key === 'number'
          ? select.where('seq', '=', key)
          : select.where('record_id', '=', key)
      ).executeTakeFirst();
    });
    return row ? toEntry(row) : undefined;
  }

  async head(tenant: string): Promise<ChainHead> {
    checkTenant(tenant);
    return guard('read chain head', () => readHead(this.db, tenant));
  }

  async tenants(): Promise<string[]> {
    const rows = await guard('list tenants', () =>
      this.db
        .selectFrom('evidence_heads')
        .select('tenant')
        .where('seq', '>', 0)
        .orderBy('tenant')
        .execute(),
    );
    return rows.map((r) => r.tenant);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

interface IndexedInput {
  index: number;
  input: AppendInput;
}

function groupByTenant(inputs: AppendInput[]): Map<string, IndexedInput[]> {
  const groups = new Map<string, IndexedInput[]>();
  inputs.forEach((input, index) => {
    const group = groups.get(input.tenant) ?? [];
    group.push({ index, input });
    groups.set(input.tenant, group);
  });
  return groups;
}

/** Appends one tenant's batch inside its lock; known recordIds return their stored entry. */
async function appendBatch(
  trx: Db,
  tenant: string,
  batch: AppendInput[],
  lockedHead: ChainHead | undefined,
): Promise<EvidenceEntry[]> {
  const known = await findByRecordIds(trx, tenant, [...new Set(batch.map((b) => b.recordId))]);
  let head = lockedHead ?? (await readHead(trx, tenant));
  const fresh: EvidenceEntry[] = [];

  const entries = batch.map((input) => {
    const existing = known.get(input.recordId);
    if (existing) return existing;
    const entry = sealEntry({
      tenant,
      seq: head.seq + 1,
      recordId: input.recordId,
      recordType: input.recordType,
      recordedAt: new Date().toISOString(),
      record: input.record,
      prevHash: head.hash,
    });
    head = { seq: entry.seq, hash: entry.hash };
    known.set(entry.recordId, entry);
    fresh.push(entry);
    return entry;
  });

  if (fresh.length > 0) {
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      const rows = fresh.slice(i, i + INSERT_CHUNK).map(toRow);
      await trx.insertInto('evidence_entries').values(rows).execute();
    }
    await trx
      .insertInto('evidence_heads')
      .values({ tenant, seq: head.seq, hash: head.hash })
      .onConflict((oc) => oc.column('tenant').doUpdateSet({ seq: head.seq, hash: head.hash }))
      .execute();
  }
  return entries;
}

async function findByRecordIds(
  db: Db,
  tenant: string,
  recordIds: string[],
): Promise<Map<string, EvidenceEntry>> {
  const found = new Map<string, EvidenceEntry>();
  for (let i = 0; i < recordIds.length; i += INSERT_CHUNK) {
    const rows = await db
      .selectFrom('evidence_entries')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('record_id', 'in', recordIds.slice(i, i + INSERT_CHUNK))
      .execute();
    for (const row of rows) found.set(row.record_id, toEntry(row));
  }
  return found;
}

async function readHead(db: Db, tenant: string): Promise<ChainHead> {
  const row = await db
    .selectFrom('evidence_heads')
    .select(['seq', 'hash'])
    .where('tenant', '=', tenant)
    .executeTakeFirst();
  if (!row || Number(row.seq) === 0) return { seq: 0, hash: GENESIS_HASH };
  return { seq: Number(row.seq), hash: row.hash };
}

function toRow(entry: EvidenceEntry): Insertable<EntriesTable> {
  return {
    tenant: entry.tenant,
    seq: entry.seq,
    record_id: entry.recordId,
    record_type: entry.recordType,
    recorded_at: entry.recordedAt,
    record_json: JSON.stringify(entry.record),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function toEntry(row: Selectable<EntriesTable>): EvidenceEntry {
  return {
    tenant: row.tenant,
    seq: Number(row.seq),
    recordId: row.record_id,
    recordType: row.record_type,
    recordedAt: row.recorded_at,
    record: JSON.parse(row.record_json) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Store failures become retryable `store_unavailable` errors; our own errors pass through. */
async function guard<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof EvidenceError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new EvidenceError('store_unavailable', `${what}: ${detail}`, true, { cause: err });
  }
}
