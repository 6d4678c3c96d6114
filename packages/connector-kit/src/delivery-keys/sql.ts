import type { Kysely } from 'kysely';
import { openPostgresDatabase, openSqliteDatabase, type OpenDatabase } from '../database.ts';
import { DeliveryKeyStoreError } from '../errors.ts';
import type { Receipt } from '../send-result.ts';
import type { DeliveryKeyRecord, DeliveryKeyStore } from './port.ts';

interface DeliveryKeyTable {
  delivery_key: string;
  state: 'in_flight' | 'delivered';
  receipt: string | null;
  updated_at: string;
}

interface Tables {
  connector_delivery_keys: DeliveryKeyTable;
}

/** Opens the delivery-key store in a SQLite file (WAL), creating its table if needed. */
export async function openSqliteDeliveryKeys(path: string): Promise<DeliveryKeyStore> {
  return openStore(openSqliteDatabase<Tables>(path));
}

/** Opens the delivery-key store in a PostgreSQL schema, creating schema and table if needed. */
export async function openPostgresDeliveryKeys(options: {
  url: string;
  schema: string;
}): Promise<DeliveryKeyStore> {
  return openStore(await wrap('connect', () => openPostgresDatabase<Tables>(options)));
}

/** Creates the table if needed and wraps an open database as a store. */
export async function openStore(database: OpenDatabase<Tables>): Promise<DeliveryKeyStore> {
  try {
    await wrap('create table', () =>
      database.db.schema
        .createTable('connector_delivery_keys')
        .ifNotExists()
        .addColumn('delivery_key', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('receipt', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute(),
    );
  } catch (err) {
    await database.close();
    throw err;
  }
  return new SqlDeliveryKeyStore(database.db, database.close);
}

class SqlDeliveryKeyStore implements DeliveryKeyStore {
  constructor(
    private readonly db: Kysely<Tables>,
    readonly close: () => Promise<void>,
  ) {}

  async get(key: string): Promise<DeliveryKeyRecord | undefined> {
    const row = await wrap('read', () =>
      this.db
        .selectFrom('connector_delivery_keys')
        .selectAll()
        .where('delivery_key', '=', key)
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    return {
      key: row.delivery_key,
      state: row.state,
      updatedAt: row.updated_at,
      ...(row.receipt !== null && { receipt: JSON.parse(row.receipt) as Receipt }),
    };
  }

  async markInFlight(key: string): Promise<void> {
    const now = new Date().toISOString();
    await wrap('write', () =>
      this.db
        .insertInto('connector_delivery_keys')
        .values({ delivery_key: key, state: 'in_flight', receipt: null, updated_at: now })
        .onConflict((c) => c.column('delivery_key').doNothing())
        .execute(),
    );
  }

  async markDelivered(key: string, receipt: Receipt): Promise<void> {
    const row = {
      delivery_key: key,
      state: 'delivered' as const,
      receipt: JSON.stringify(receipt),
      updated_at: new Date().toISOString(),
    };
    await wrap('write', () =>
      this.db
        .insertInto('connector_delivery_keys')
        .values(row)
        .onConflict((c) =>
          c.column('delivery_key').doUpdateSet({
            state: row.state,
            receipt: row.receipt,
            updated_at: row.updated_at,
          }),
        )
        .execute(),
    );
  }
}

async function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new DeliveryKeyStoreError(`delivery-key store ${what} failed`, { cause: err });
  }
}
