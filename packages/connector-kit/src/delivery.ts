import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  fullJitterGenerator,
  handleAll,
  timeout,
  type CircuitBreakerPolicy,
  type IBackoff,
} from 'cockatiel';
import type { AttemptRecord } from '@cavra/contracts';
import { errorSummary } from './errors.ts';
import type { ConnectorInstance, MappedPayload } from './kind.ts';
import type { DeliveryPolicy } from './policy.ts';
import { retryable, type SendResult } from './send-result.ts';
import { TokenBucket, sleep } from './token-bucket.ts';

/** The breaker and rate budget of one destination, shared by every event sent to it. */
export interface DestinationGuard {
  breaker: CircuitBreakerPolicy;
  bucket: TokenBucket;
}

/** Builds the guard of one destination from the delivery policy. */
export function createDestinationGuard(policy: DeliveryPolicy): DestinationGuard {
  const breaker = circuitBreaker(
    handleAll.orWhenResult((r) => (r as SendResult).status === 'retryable'),
    {
      halfOpenAfter: policy.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(policy.breakerThreshold),
    },
  );
  const bucket = new TokenBucket({ ratePerSecond: policy.ratePerSecond, burst: policy.burst });
  return { breaker, bucket };
}

/** The end of one event's delivery: delivered, or given up (then it is dead-lettered). */
export type DeliveryReport =
  | { status: 'delivered'; result: Extract<SendResult, { status: 'delivered' }> }
  | { status: 'given_up'; result: Exclude<SendResult, { status: 'delivered' }> };

export interface DeliverOptions {
  instance: ConnectorInstance;
  payload: MappedPayload;
  deliveryKey: string;
  eventId: string;
  guard: DestinationGuard;
  policy: DeliveryPolicy;
  /** Aborted when the worker stops: waits end and the event is left uncommitted. */
  stopSignal: AbortSignal;
  /** Every attempt, as it ends; `willRetry` says whether another follows. */
  onAttempt(
    record: AttemptRecord,
    result: SendResult,
    willRetry: boolean,
    latencyMs: number,
  ): void | Promise<void>;
}

/**
 * Sends one payload until it is delivered or given up: a timeout per attempt, exponential
 * backoff with full jitter (or the destination's `Retry-After`), capped attempts and total time.
 * While the destination's breaker is open the event is held, never given up: a dead destination
 * pauses this connector instead of dead-lettering everything.
 */
export async function deliverWithPolicy(options: DeliverOptions): Promise<DeliveryReport> {
  const { guard, policy, stopSignal } = options;
  const startedAt = Date.now();
  const backoffFactory = new ExponentialBackoff({
    generator: fullJitterGenerator,
    initialDelay: policy.initialBackoffMs,
    maxDelay: policy.maxBackoffMs,
  });
  let backoff: IBackoff<unknown> | undefined;

  for (let attempt = 1; ;) {
    await guard.bucket.take(stopSignal);
    const sentAt = Date.now();
    const result = await attemptOnce(options, attempt);
    if (result === 'breaker_open') {
      await sleep(Math.min(policy.breakerHalfOpenMs, 250), stopSignal);
      continue;
    }

    backoff = backoff ? backoff.next(undefined) : backoffFactory.next();
    const wait = result.status === 'retryable' ? (result.after ?? backoff.duration) : 0;
    const outOfBudget =
      attempt >= policy.maxAttempts || Date.now() + wait - startedAt > policy.maxTotalMs;
    const holding = guard.breaker.state !== CircuitState.Closed;
    const willRetry = result.status === 'retryable' && (!outOfBudget || holding);
    await options.onAttempt(attemptRecord(attempt, result), result, willRetry, Date.now() - sentAt);

    if (result.status === 'delivered') return { status: 'delivered', result };
    if (!willRetry) return { status: 'given_up', result };
    await sleep(wait, stopSignal);
    attempt += 1;
  }
}

async function attemptOnce(
  options: DeliverOptions,
  attempt: number,
): Promise<SendResult | 'breaker_open'> {
  const { instance, payload, policy, guard } = options;
  const timer = timeout(policy.timeoutMs, TimeoutStrategy.Aggressive);
  try {
    return await guard.breaker.execute(() =>
      timer.execute(
        ({ signal }) =>
          instance.send(payload, {
            deliveryKey: options.deliveryKey,
            eventId: options.eventId,
            attempt,
            signal,
          }),
        // Not the stop signal: a send under way when the worker stops is let finish (drain).
      ),
    );
  } catch (err) {
    if (err instanceof BrokenCircuitError) return 'breaker_open';
    if (err instanceof TaskCancelledError) {
      return retryable({ code: 'timeout', message: `no answer within ${policy.timeoutMs} ms` });
    }
    // A sender should not throw; if one does, the error is treated like a remote hiccup.
    return retryable({ code: 'sender_threw', message: errorSummary(err).message });
  }
}

function attemptRecord(attempt: number, result: SendResult): AttemptRecord {
  return {
    attempt,
    at: new Date().toISOString(),
    outcome: result.status,
    ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
    ...(result.status !== 'delivered' && { error: result.error }),
  };
}
