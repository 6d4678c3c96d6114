/** What went wrong on the bus, as a stable code callers can branch on. */
export type BusErrorCode =
  'publish_failed' | 'subscribe_failed' | 'bus_closed' | 'invalid_argument' | 'invalid_config';

/** A bus operation failed. `retryable` says whether the same call may succeed later. */
export class BusError extends Error {
  override readonly name = 'BusError';

  constructor(
    readonly code: BusErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Rejects an empty or oversized topic or group name, naming the field and the value. */
export function checkName(field: 'topic' | 'group', value: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,249}$/.test(value)) {
    throw new BusError(
      'invalid_argument',
      `${field}: expected 1-249 characters of letters, digits, ".", "_" or "-", got ` +
        JSON.stringify(value),
      false,
    );
  }
}
