/** Why a connector could not start or deliver; `retryable` says whether trying again can help. */
export class ConnectorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectorError';
  }
}

/** A connector's configuration names a kind, or holds a field, the runtime cannot accept. */
export class ConnectorConfigError extends ConnectorError {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly actual: unknown,
    options?: { cause?: unknown },
  ) {
    super(
      'connector_config_invalid',
      `${field}: expected ${expected}, got ${JSON.stringify(actual)}`,
      false,
      options,
    );
    this.name = 'ConnectorConfigError';
  }
}

/** The delivery-key store could not be read or written; the event is retried by the bus. */
export class DeliveryKeyStoreError extends ConnectorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('delivery_key_store', message, true, options);
    this.name = 'DeliveryKeyStoreError';
  }
}

/** A short `{ code, message }` of any thrown value, for evidence and dead letters. */
export function errorSummary(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : err.name, message: err.message };
  }
  return { code: 'unknown', message: String(err) };
}
