import type { Logger } from 'pino';
import type { Subscription } from '@cavra/bus';

export interface ResilientSubscriptionOptions {
  /** Subscribes once; the bus calls `onError` when the subscription stops on a failure. */
  subscribe: (onError: (err: unknown) => void) => Promise<Subscription>;
  stopSignal: AbortSignal;
  logger: Logger;
  /** First wait before subscribing again (doubles up to `maxDelayMs`; default 500 ms). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Keeps a subscription alive. When the bus stops it because handling an event failed (the bus
 * is down while evidence is published, a store is unreachable), the event was not committed;
 * subscribing again after a backoff gets it redelivered, so a passing outage never leaves a
 * connector idle until someone restarts it.
 */
export async function resilientSubscription(
  options: ResilientSubscriptionOptions,
): Promise<Subscription> {
  const { stopSignal, logger } = options;
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = initialDelay;
  let current: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;

  const onError = (err: unknown): void => {
    if (stopSignal.aborted) return;
    logger.error({ err, retryInMs: delay }, 'subscription stopped; subscribing again');
    current = undefined;
    timer = setTimeout(restart, delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  const restart = (): void => {
    timer = undefined;
    if (stopSignal.aborted) return;
    options.subscribe(onError).then(
      (subscription) => {
        current = subscription;
        delay = initialDelay;
        if (stopSignal.aborted) void subscription.stop();
      },
      (err: unknown) => onError(err),
    );
  };

  current = await options.subscribe(onError);
  return {
    async stop() {
      if (timer) clearTimeout(timer);
      await current?.stop();
    },
  };
}
