import {
  type Generated,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
} from 'kysely';
import { StoreError } from '../errors.ts';

/** One decision row: the indexed fields the queries filter on, and the record as JSON. */
export interface DecisionTable {
  decision_id: string;
  tenant: string;
  session_id: string;
  agent_id: string;
  outcome: string;
  action_type: string;
  severity_rank: number;
  decided_at: string;
  body: string;
}

/** One outbox row, waiting for the relay; `id` orders publication. Published rows are deleted. */
export interface OutboxTable {
  id: Generated<number | string>;
  decision_id: string;
  topic: string;
  msg_key: string;
  event: string;
  created_at: string;
}

export interface DecisionDatabase {
  decisions: DecisionTable;
  outbox: OutboxTable;
}

type Dialect = 'sqlite' | 'postgres';

function initialMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('decisions')
        .addColumn('decision_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('action_type', 'text', (c) => c.notNull())
        .addColumn('severity_rank', 'integer', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decisions_tenant_id')
        .on('decisions')
        .columns(['tenant', 'decision_id'])
        .execute();
      await db.schema
        .createIndex('decisions_tenant_session')
        .on('decisions')
        .columns(['tenant', 'session_id', 'decision_id'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('msg_key', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Runs the store's migrations (kysely's migrator, which keeps its own table and lock).
 * Throws a `StoreError` naming the failed migration.
 */
export async function migrateToLatest(
  db: Kysely<DecisionDatabase>,
  dialect: Dialect,
  schema?: string,
) {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve({ '0001_decisions_and_outbox': initialMigration(dialect) }),
  };
  // The migrator's own tables go in the store's schema too; left to itself it may find another
  // application's migration table in `public` and skip creating its own.
  const migrator = new Migrator({
    db,
    provider,
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError('store_unavailable', `migration ${failed} failed`, { cause: error });
  }
}
