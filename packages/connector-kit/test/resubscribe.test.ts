import { afterEach, describe, expect, it } from 'vitest';
import { Topics } from '@cavra/contracts';
import { resilientSubscription } from '../src/resubscribe.ts';
import { createRig, waitFor } from './harness.ts';
import { sampleEvent } from './fixtures.ts';

describe('resilientSubscription', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('subscribes again after a failed event, which is then delivered again', async () => {
    const rig = await createRig();
    cleanups.push(() => rig.close());
    const stopping = new AbortController();
    const seen: string[] = [];
    let failuresLeft = 2;

    const subscription = await resilientSubscription({
      subscribe: (onError) =>
        rig.bus.subscribe(
          Topics.decisions,
          'resilient-test',
          async (event) => {
            seen.push(event.offset);
            if (failuresLeft-- > 0) throw new Error('store unreachable');
          },
          { onError },
        ),
      stopSignal: stopping.signal,
      logger: rig.logger,
      initialDelayMs: 20,
    });
    cleanups.push(async () => {
      stopping.abort();
      await subscription.stop();
    });

    await rig.publish([sampleEvent()]);

    await waitFor(() => seen.length >= 3, 'the event after two failures');
    expect(new Set(seen).size).toBe(1);
    expect(rig.logLines.filter((l) => l.includes('subscribing again'))).toHaveLength(2);
  });
});
