import { z } from 'zod';

/**
 * How hard the runtime tries one destination. Read from a connector's optional `delivery`
 * block; every field has a default.
 */
export const DeliveryPolicy = z.strictObject({
  /** Per-attempt timeout. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Attempts before an event is dead-lettered (while the breaker is closed). */
  maxAttempts: z.number().int().min(1).default(5),
  /** Time budget across all attempts of one event. */
  maxTotalMs: z.number().int().positive().default(120_000),
  initialBackoffMs: z.number().int().positive().default(200),
  maxBackoffMs: z.number().int().positive().default(30_000),
  /** Consecutive failed attempts that open the destination's breaker. */
  breakerThreshold: z.number().int().min(1).default(5),
  /** How long an open breaker waits before letting one probe through. */
  breakerHalfOpenMs: z.number().int().positive().default(5_000),
  /** Token-bucket budget of the destination. */
  ratePerSecond: z.number().positive().default(50),
  burst: z.number().int().min(1).default(50),
});
export type DeliveryPolicy = z.infer<typeof DeliveryPolicy>;
