/** A receipt from the destination: ticket number, message id, file offset, ... */
export type Receipt = Record<string, string>;

/** A remote error as data: what went wrong, in words safe to record (redacted later). */
export interface SendError {
  code: string;
  message: string;
}

/**
 * What a sender reports. Senders never throw on a remote outcome: a refusal, a timeout or an
 * unreachable peer is data, so the runtime alone decides on retries, breakers and dead letters.
 */
export type SendResult =
  | { status: 'delivered'; receipt: Receipt; statusCode?: number }
  | { status: 'retryable'; after?: number; statusCode?: number; error: SendError }
  | { status: 'failed'; error: SendError; statusCode?: number };

/** The destination has the event: `receipt` names it there. */
export function delivered(receipt: Receipt, statusCode?: number): SendResult {
  return { status: 'delivered', receipt, ...(statusCode !== undefined && { statusCode }) };
}

/** Trying again may help; `after` (ms) is how long the destination asked us to wait. */
export function retryable(error: SendError, after?: number, statusCode?: number): SendResult {
  return {
    status: 'retryable',
    error,
    ...(after !== undefined && { after }),
    ...(statusCode !== undefined && { statusCode }),
  };
}

/** Trying again cannot help: the event goes to the dead-letter topic. */
export function failed(error: SendError, statusCode?: number): SendResult {
  return { status: 'failed', error, ...(statusCode !== undefined && { statusCode }) };
}
