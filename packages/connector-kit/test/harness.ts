import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConnectorConfig } from '@cavra/config';
import { createEmbeddedBus, type EventBus } from '@cavra/bus';
import { createLogger } from '@cavra/telemetry';
import {
  EventTypes,
  Topics,
  parseEventOf,
  type CloudEventEnvelope,
  type DeadLetter,
  type DeliveryEvidence,
} from '@cavra/contracts';
import { openSqliteDeliveryKeys, type DeliveryKeyStore } from '../src/index.ts';

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A temp dir with an embedded bus, a delivery-key store and a log capture, all cleaned up. */
export async function createRig() {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-kit-'));
  const bus = createEmbeddedBus({ path: join(dir, 'bus.db'), pollIntervalMs: 10 });
  const deliveryKeys = await openSqliteDeliveryKeys(join(dir, 'keys.db'));
  const logLines: string[] = [];
  const logger = createLogger({
    name: 'test',
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const evidence: DeliveryEvidence[] = [];
  const evidenceSub = await bus.subscribe(Topics.deliveryEvidence, 'test-evidence', async (m) => {
    evidence.push(parseEventOf(EventTypes.deliveryEvidence, JSON.parse(m.value)).data);
  });
  return {
    dir,
    bus,
    deliveryKeys,
    logger,
    logLines,
    evidence,
    async publish(events: CloudEventEnvelope[], topic: string = Topics.decisions) {
      await bus.publish(
        topic,
        events.map((event) => ({ key: `${event.tenant}:${event.id}`, event })),
      );
    },
    /** Reads the connector's dead letters until there are `count` of them. */
    async deadLetters(connector: string, count: number): Promise<DeadLetter[]> {
      const out: DeadLetter[] = [];
      const group = `peek-${Math.random().toString(36).slice(2)}`;
      const sub = await bus.subscribe(`cavra.dlq.${connector}.v1`, group, async (m) => {
        out.push(parseEventOf(EventTypes.deadLetter, JSON.parse(m.value)).data);
      });
      try {
        await waitFor(() => out.length >= count, `${count} dead letters`);
      } finally {
        await sub.stop();
      }
      return out;
    },
    async close() {
      await evidenceSub.stop();
      await bus.close();
      await deliveryKeys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type Rig = Awaited<ReturnType<typeof createRig>>;
export type { EventBus, DeliveryKeyStore };

/** A parsed connector config. */
export function connectorConfig(fields: Record<string, unknown>): ConnectorConfig {
  return ConnectorConfig.parse({ tenant: 'acme', ...fields });
}
