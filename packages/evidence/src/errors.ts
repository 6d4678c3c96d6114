/** Machine-readable reasons an evidence operation failed. */
export type EvidenceErrorCode =
  'invalid_input' | 'store_unavailable' | 'chain_conflict' | 'io_failed' | 'key_invalid';

/**
 * A failed evidence operation. `retryable` says whether trying the same call again can help
 * (a store that is down can come back; bad input stays bad).
 */
export class EvidenceError extends Error {
  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EvidenceError';
  }
}

/** Bad input: names the field, what was expected and what was given. */
export function invalidInput(field: string, expected: string, actual: unknown): EvidenceError {
  const shown = typeof actual === 'string' ? JSON.stringify(actual) : String(actual);
  return new EvidenceError('invalid_input', `${field}: expected ${expected}, got ${shown}`, false);
}
