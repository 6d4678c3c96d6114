import type { Kysely } from 'kysely';
import type { StoreConfig } from '@cavra/config';
import { openStoreDatabase, type OpenDatabase } from '../database.ts';

interface Tables {
  connector_dlq_replays: {
    connector: string;
    dead_letter_id: string;
    event_id: string | null;
    replayed_at: string;
  };
}

/** Which dead letters were replayed, so a second `cavra dlq replay` does not send them again. */
export interface ReplayLog {
  replayedAt(connector: string, deadLetterId: string): Promise<string | undefined>;
  record(connector: string, deadLetterId: string, eventId: string | undefined): Promise<void>;
  close(): Promise<void>;
}

/** Opens the replay log in the configured store (the same file or schema as delivery keys). */
export async function openReplayLog(store: StoreConfig): Promise<ReplayLog> {
  return createReplayLog(await openStoreDatabase<Tables>(store));
}

async function createReplayLog({ db, close }: OpenDatabase<Tables>): Promise<ReplayLog> {
  await db.schema
    .createTable('connector_dlq_replays')
    .ifNotExists()
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('dead_letter_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('replayed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_dlq_replays_pk', ['connector', 'dead_letter_id'])
    .execute();
  return new SqlReplayLog(db, close);
}

class SqlReplayLog implements ReplayLog {
  constructor(
    private readonly db: Kysely<Tables>,
    readonly close: () => Promise<void>,
  ) {}

  async replayedAt(connector: string, deadLetterId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('connector_dlq_replays')
      .select('replayed_at')
      .where('connector', '=', connector)
      .where('dead_letter_id', '=', deadLetterId)
      .executeTakeFirst();
    return row?.replayed_at;
  }

  async record(connector: string, deadLetterId: string, eventId: string | undefined) {
    const replayedAt = new Date().toISOString();
    await this.db
      .insertInto('connector_dlq_replays')
      .values({
        connector,
        dead_letter_id: deadLetterId,
        event_id: eventId ?? null,
        replayed_at: replayedAt,
      })
      .onConflict((c) =>
        c.columns(['connector', 'dead_letter_id']).doUpdateSet({ replayed_at: replayedAt }),
      )
      .execute();
  }
}
