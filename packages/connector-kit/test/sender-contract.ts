import { describe, expect, it } from 'vitest';
import type { ConnectorInstance } from '../src/index.ts';
import { sampleEvent } from './fixtures.ts';

/** A destination under test: a working instance, a broken one, and clean-up. */
export interface SenderRig {
  working: ConnectorInstance;
  /** The same kind pointed at a destination that cannot take deliveries. */
  broken: ConnectorInstance;
  close(): Promise<void>;
}

const ctx = (eventId: string) => ({
  deliveryKey: `contract:dest:${eventId}`,
  eventId,
  attempt: 1,
  signal: new AbortController().signal,
});

/** The contract every destination kind passes; a kind's own test adds only its particulars. */
export function senderContract(kind: string, open: () => Promise<SenderRig>): void {
  describe(`sender contract (${kind})`, () => {
    it('maps deterministically and names its destination without secrets', async () => {
      const rig = await open();
      try {
        const event = sampleEvent();
        expect(rig.working.map(event)).toEqual(rig.working.map(event));
        const { destination } = rig.working;
        expect(destination.kind).toBe(kind);
        expect(`${destination.host} ${destination.name}`).not.toMatch(/[?@]|secret|token/i);
      } finally {
        await rig.close();
      }
    });

    it('delivers with a receipt', async () => {
      const rig = await open();
      try {
        const result = await rig.working.send(rig.working.map(sampleEvent()), ctx('evt-1'));
        expect(result.status).toBe('delivered');
        if (result.status === 'delivered') expect(Object.keys(result.receipt)).not.toHaveLength(0);
      } finally {
        await rig.close();
      }
    });

    it('reports a broken destination as data, never by throwing', async () => {
      const rig = await open();
      try {
        const result = await rig.broken.send(rig.broken.map(sampleEvent()), ctx('evt-2'));
        expect(['retryable', 'failed']).toContain(result.status);
        if (result.status !== 'delivered') expect(result.error.code).not.toBe('');
      } finally {
        await rig.close();
      }
    });

    it('when it can be asked, knows a delivery only after it happened', async () => {
      const rig = await open();
      try {
        const { lookup } = rig.working;
        if (!lookup) return;
        expect(await lookup('contract:dest:evt-3', 'evt-3')).toBe('unknown');
        await rig.working.send(rig.working.map(sampleEvent({}, 'evt-3')), ctx('evt-3'));
        expect(await lookup('contract:dest:evt-3', 'evt-3')).not.toBe('unknown');
      } finally {
        await rig.close();
      }
    });
  });
}
