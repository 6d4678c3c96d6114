import type { Receipt } from '../send-result.ts';

/** Where a delivery key stands: `in_flight` before sending, `delivered` with its receipt after. */
export interface DeliveryKeyRecord {
  key: string;
  state: 'in_flight' | 'delivered';
  receipt?: Receipt;
  updatedAt: string;
}

/**
 * Durable record of delivery keys (`connector:destination:eventId`), so an event redelivered by
 * the bus after a crash is not sent twice. SQLite for the embedded default, PostgreSQL otherwise.
 */
export interface DeliveryKeyStore {
  get(key: string): Promise<DeliveryKeyRecord | undefined>;
  /** Records that a send is about to start; keeps a `delivered` record as it is. */
  markInFlight(key: string): Promise<void>;
  markDelivered(key: string, receipt: Receipt): Promise<void>;
  close(): Promise<void>;
}
