/** Shared set-up of the connector tests on the real Kafka broker. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createKafkaBus, type EventBus } from '@cavra/bus';
import { ConnectorConfig } from '@cavra/config';
import {
  EventTypes,
  makeEvent,
  parseEventOf,
  type CloudEventEnvelope,
  type Decision,
  type DeliveryEvidence,
} from '@cavra/contracts';
import {
  openSqliteDeliveryKeys,
  startConnector,
  type DeliveryKeyStore,
  type RunningConnector,
} from '@cavra/connector-kit';
import { createLogger } from '@cavra/telemetry';
import { kafkaBrokers, uniqueName } from '../support/kafka.ts';

/** Obviously fake credentials planted in input events; none may leave the fabric. */
export const FAKE_AWS_KEY = 'AKIAQ3FAKEKEY7TESTXY';
export const FAKE_GITHUB_TOKEN = 'ghp_FAKEa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
export const WEBHOOK_SECRET = 'fake-webhook-secret-for-tests';

export { waitFor } from '../support/cli.ts';

/** A decision event of `tenant` carrying the planted fake credentials. */
export function decisionEvent(tenant: string, overrides: Partial<Decision> = {}) {
  const id = uniqueName('evt');
  const data: Decision = {
    decisionId: `dec-${id}`,
    correlationId: `corr-${id}`,
    sessionId: 'sess-1',
    tenant,
    agent: { id: 'agent-1', name: 'coder' },
    actor: 'dev@example.com',
    action: {
      type: 'execute_command',
      target: 'shell',
      operation: 'run',
      command:
        `AWS_ACCESS_KEY_ID=${FAKE_AWS_KEY} aws s3 ls; ` +
        `git push https://${FAKE_GITHUB_TOKEN}@github.com/acme/x`,
    },
    repository: 'acme/payments',
    outcome: 'block',
    mode: 'enforce',
    policy: {
      pack: 'cavra-baseline',
      version: '1.0.0',
      digest: `sha256:${'b'.repeat(64)}`,
      ruleId: 'r1',
    },
    severity: 'high',
    reason: 'credentials on the command line',
    evidenceRefs: [],
    decidedAt: new Date().toISOString(),
    ...overrides,
  };
  return makeEvent(EventTypes.decision, data, { source: 'cavra/test', tenant, id });
}

/** A Kafka bus, unique topics and tenant, a delivery-key store and captured logs. */
export async function createKafkaRig() {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-conn-'));
  const bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('conn-test') });
  const keysPath = join(dir, 'keys.db');
  const deliveryKeys = await openSqliteDeliveryKeys(keysPath);
  const logLines: string[] = [];
  const logger = createLogger({
    name: 'connector-test',
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const topics = {
    decisions: uniqueName('cavra.decisions'),
    evidence: uniqueName('cavra.evidence'),
  };
  const tenant = `t-${uniqueName('x').split('.').slice(1).join('-')}`;
  const evidence: DeliveryEvidence[] = [];
  const evidenceSub = await bus.subscribe(
    topics.evidence,
    uniqueName('evidence-reader'),
    async (m) => {
      evidence.push(parseEventOf(EventTypes.deliveryEvidence, JSON.parse(m.value)).data);
    },
  );
  const running: RunningConnector[] = [];

  return {
    dir,
    bus,
    keysPath,
    deliveryKeys,
    logger,
    logLines,
    topics,
    tenant,
    evidence,
    async start(fields: Record<string, unknown>, policy = {}): Promise<RunningConnector> {
      const connector = await startConnector({
        config: ConnectorConfig.parse({ tenant, ...fields }),
        bus,
        deliveryKeys,
        logger,
        topics,
        policy: { initialBackoffMs: 20, maxBackoffMs: 200, breakerHalfOpenMs: 500, ...policy },
      });
      running.push(connector);
      return connector;
    },
    async publish(events: CloudEventEnvelope[]) {
      await bus.publish(
        topics.decisions,
        events.map((event) => ({ key: `${event.tenant}:${event.id}`, event })),
      );
    },
    async close() {
      await Promise.allSettled(running.map((c) => c.stop()));
      await evidenceSub.stop();
      await bus.close();
      await deliveryKeys.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type KafkaRig = Awaited<ReturnType<typeof createKafkaRig>>;
export type { EventBus, DeliveryKeyStore };
