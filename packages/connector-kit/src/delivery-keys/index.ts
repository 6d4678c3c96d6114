import type { StoreConfig } from '@cavra/config';
import { openStoreDatabase } from '../database.ts';
import { DeliveryKeyStoreError } from '../errors.ts';
import type { DeliveryKeyStore } from './port.ts';
import { openStore } from './sql.ts';

export type { DeliveryKeyRecord, DeliveryKeyStore } from './port.ts';
export { openPostgresDeliveryKeys, openSqliteDeliveryKeys } from './sql.ts';

/** Opens the delivery-key store the configuration's `store` names. */
export async function openDeliveryKeys(store: StoreConfig): Promise<DeliveryKeyStore> {
  try {
    return await openStore(await openStoreDatabase(store));
  } catch (err) {
    if (err instanceof DeliveryKeyStoreError) throw err;
    throw new DeliveryKeyStoreError(`cannot open the ${store.kind} store`, { cause: err });
  }
}
