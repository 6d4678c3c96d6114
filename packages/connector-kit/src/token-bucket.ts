/** Options of a token bucket: `ratePerSecond` refills, up to `burst` tokens. */
export interface TokenBucketOptions {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
}

/**
 * A per-destination token bucket. Kept here (not a library) because the runtime needs one
 * small awaitable budget per destination, taken by one worker loop at a time.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.#rate = options.ratePerSecond;
    this.#burst = Math.max(1, options.burst);
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#updatedAt = this.#now();
  }

  /** Takes a token now if one is left; otherwise says how many ms until one is. */
  tryTake(): { ok: true } | { ok: false; waitMs: number } {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: Math.ceil(((1 - this.#tokens) / this.#rate) * 1000) };
  }

  /** Waits for a token; rejects with the signal's reason if aborted first. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const result = this.tryTake();
      if (result.ok) return;
      await sleep(result.waitMs, signal);
    }
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#rate);
    this.#updatedAt = now;
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
