import { z } from 'zod';

/** Tenant ids: lower-case, digits and dashes, as used in keys, topics and paths. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, 1-63 characters');

export const IsoTimestamp = z.iso.datetime({ offset: true });

export const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

/** Severities from lowest to highest, for "minimum severity" comparisons. */
export const SEVERITY_ORDER: readonly Severity[] = Severity.options;

export function severityAtLeast(actual: Severity, minimum: Severity): boolean {
  return SEVERITY_ORDER.indexOf(actual) >= SEVERITY_ORDER.indexOf(minimum);
}

export const Sha256Hex = z.string().regex(/^[a-f0-9]{64}$/, '64 lower-case hex characters');

/** W3C trace context `traceparent` header value. */
export const TraceParent = z
  .string()
  .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent');
