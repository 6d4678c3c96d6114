/**
 * A connector worker in its own process, for crash tests. Configured by the JSON in
 * HARNESS_CONFIG; with `killAfterDelivered` it SIGKILLs itself right after its first `delivered`
 * outcome is recorded and before the bus commits, the worst moment for duplicates.
 */
import { createKafkaBus } from '@cavra/bus';
import { ConnectorConfig } from '@cavra/config';
import { openSqliteDeliveryKeys, startConnector } from '@cavra/connector-kit';
import { createLogger } from '@cavra/telemetry';

interface HarnessConfig {
  brokers: string[];
  connector: Record<string, unknown>;
  topics: { decisions: string; evidence: string };
  keysPath: string;
  killAfterDelivered?: boolean;
}

const settings = JSON.parse(process.env.HARNESS_CONFIG ?? '{}') as HarnessConfig;
const logger = createLogger({ name: 'worker-harness', level: 'debug' });
const bus = createKafkaBus({ brokers: settings.brokers, clientId: 'worker-harness', logger });
const deliveryKeys = await openSqliteDeliveryKeys(settings.keysPath);

// Registered before the start, so a SIGTERM during start-up still drains instead of killing.
let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
  void started.then(async (connector) => {
    await connector.stop();
    await bus.close();
    await deliveryKeys.close();
    process.exit(0);
  });
});

const started = startConnector({
  config: ConnectorConfig.parse(settings.connector),
  bus,
  deliveryKeys,
  logger,
  topics: settings.topics,
  policy: { initialBackoffMs: 20, maxBackoffMs: 200 },
  onOutcome(evidence) {
    if (settings.killAfterDelivered && evidence.outcome === 'delivered') {
      process.kill(process.pid, 'SIGKILL');
    }
  },
});

await started;
if (!stopping) logger.info('harness ready');
