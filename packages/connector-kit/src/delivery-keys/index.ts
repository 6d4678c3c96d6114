import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreConfig } from '@cavra/config';
import type { DeliveryKeyStore } from './port.ts';
import { openPostgresDeliveryKeys, openSqliteDeliveryKeys } from './sql.ts';

export type { DeliveryKeyRecord, DeliveryKeyStore } from './port.ts';
export { openPostgresDeliveryKeys, openSqliteDeliveryKeys } from './sql.ts';

/** Opens the delivery-key store the configuration's `store` names. */
export async function openDeliveryKeys(store: StoreConfig): Promise<DeliveryKeyStore> {
  if (store.kind === 'postgres') {
    return openPostgresDeliveryKeys({ url: store.url.reveal(), schema: store.schema });
  }
  mkdirSync(dirname(store.path), { recursive: true });
  return openSqliteDeliveryKeys(store.path);
}
