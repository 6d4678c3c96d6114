import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/index.ts';

describe('TokenBucket', () => {
  it('gives the burst at once, then one token per 1/rate seconds', () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 3, now: () => now });

    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    expect(bucket.tryTake()).toEqual({ ok: false, waitMs: 500 });

    now += 500;
    expect(bucket.tryTake()).toEqual({ ok: true });
    now += 10_000;
    expect([1, 2, 3, 4].map(() => bucket.tryTake().ok)).toEqual([true, true, true, false]);
  });

  it('rejects a non-positive rate at construction', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(/ratePerSecond/);
  });

  it('stops waiting when aborted', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 0.001, burst: 1 });
    bucket.tryTake();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
  });
});
