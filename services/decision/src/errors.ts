/** Machine-readable reasons of decision-service errors. */
export type DecisionErrorCode =
  | 'store_unavailable'
  | 'store_closed'
  | 'invalid_query'
  | 'invalid_option'
  | 'unknown_tenant'
  | 'unknown_policy_pack'
  | 'tenant_mismatch';

/**
 * The decision store could not be reached or failed a statement. Retryable: a store that is
 * down now may be back later, and the same statement may then succeed.
 */
export class StoreError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: 'store_unavailable' | 'store_closed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
    this.retryable = code === 'store_unavailable';
  }
}

/**
 * A request the service will not serve as asked: names the field, the expectation and the value.
 * Never retryable: the same request fails the same way.
 */
export class DecisionInputError extends Error {
  readonly retryable = false;

  constructor(
    readonly code: Exclude<DecisionErrorCode, 'store_unavailable' | 'store_closed'>,
    readonly field: string,
    readonly expected: string,
    readonly value: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${field}: expected ${expected}, got ${JSON.stringify(value) ?? 'undefined'}`, options);
    this.name = 'DecisionInputError';
  }
}
