import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPostgresDeliveryKeys,
  openSqliteDeliveryKeys,
  type DeliveryKeyStore,
} from '../src/index.ts';
import { createTempSchema, type TempPostgres } from '../../../test/support/postgres.ts';

/** The one contract every delivery-key store adapter passes. */
function deliveryKeyContract(name: string, open: () => Promise<DeliveryKeyStore>): void {
  describe(`delivery keys (${name})`, () => {
    it('records in_flight, then delivered with its receipt', async () => {
      const store = await open();
      try {
        expect(await store.get('c:d:e1')).toBeUndefined();
        await store.markInFlight('c:d:e1');
        expect(await store.get('c:d:e1')).toMatchObject({ state: 'in_flight' });
        await store.markDelivered('c:d:e1', { id: 'rcpt-1' });
        expect(await store.get('c:d:e1')).toMatchObject({
          state: 'delivered',
          receipt: { id: 'rcpt-1' },
        });
      } finally {
        await store.close();
      }
    });

    it('keeps a delivered key delivered when marked in flight again, across reopen', async () => {
      const first = await open();
      await first.markDelivered('c:d:e2', { id: 'rcpt-2' });
      await first.close();

      const second = await open();
      try {
        await second.markInFlight('c:d:e2');
        expect(await second.get('c:d:e2')).toMatchObject({ state: 'delivered' });
      } finally {
        await second.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cavra-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
deliveryKeyContract('sqlite', () => openSqliteDeliveryKeys(join(dir, 'keys.db')));

let pg: TempPostgres;
beforeAll(async () => {
  pg = await createTempSchema('cavra_keys');
});
afterAll(async () => pg?.drop());
deliveryKeyContract('postgres', () =>
  openPostgresDeliveryKeys({ url: pg.url, schema: pg.schema ?? 'public' }),
);
