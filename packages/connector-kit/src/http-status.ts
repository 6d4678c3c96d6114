/** How an HTTP answer should be treated by the runtime. */
export type HttpStatusClass =
  { status: 'delivered' } | { status: 'retryable'; after?: number } | { status: 'failed' };

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * Classifies an HTTP status: 2xx delivered; 408, 425, 429 and 5xx retryable, honouring a
 * `Retry-After` given in seconds or as an HTTP date (relative to `now`); anything else failed.
 */
export function classifyHttpStatus(
  status: number,
  retryAfterHeader: string | null | undefined,
  now: Date,
): HttpStatusClass {
  if (status >= 200 && status < 300) return { status: 'delivered' };
  if (!RETRYABLE_STATUSES.has(status) && (status < 500 || status > 599)) {
    return { status: 'failed' };
  }
  const after = parseRetryAfter(retryAfterHeader, now);
  return after === undefined ? { status: 'retryable' } : { status: 'retryable', after };
}

/** `Retry-After` in milliseconds from `now`, or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only an HTTP date (it names a weekday or month); Date.parse reads '-3' as a year.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
