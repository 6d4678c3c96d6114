/**
 * Kafka helpers for tests: the broker address from the global set-up, unique names, and control
 * over the broker process (stop/start/restart) for tests that prove behaviour while Kafka is down.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** Bootstrap brokers of the run's broker. Throws when the run has none (never skips). */
export function kafkaBrokers(): string[] {
  const provided = safeInject('kafkaBrokers');
  const brokers = provided?.length ? provided : process.env.KAFKA_BROKERS?.split(',');
  if (!brokers?.length || !brokers[0]) {
    throw new Error(
      'no Kafka broker: the global set-up starts one only when a selected test file mentions ' +
        'Kafka; set CAVRA_TEST_KAFKA=always or KAFKA_BROKERS=host:port',
    );
  }
  return brokers;
}

/** A topic (or group) name no other test or run uses: `<prefix>.<time>.<random>`. */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
}

/** Same as `uniqueName`, named for topics. */
export function uniqueTopic(prefix = 'cavra.test'): string {
  return uniqueName(prefix);
}

/**
 * Stops the run's shared broker and waits for it to exit (only for a broker this run started).
 * Every test file running at the same time loses Kafka too: prefer `launchPrivateBroker()`.
 */
export function stopBroker(): Promise<void> {
  return control('stop');
}

/** Starts a stopped broker on the same port and data, and waits until it answers. */
export function startBroker(): Promise<void> {
  return control('start');
}

/** Stops then starts the broker. */
export function restartBroker(): Promise<void> {
  return control('restart');
}

async function control(action: 'stop' | 'start' | 'restart'): Promise<void> {
  const base = safeInject('kafkaControlUrl') ?? process.env.CAVRA_KAFKA_CONTROL_URL;
  if (!base) throw new Error('no broker control endpoint: is test/support/global-setup.ts in use?');
  const response = await fetch(`${base}/kafka/${action}`, { method: 'POST' });
  if (!response.ok) {
    throw new Error(`broker ${action} failed: ${response.status} ${await response.text()}`);
  }
}

function safeInject<K extends 'kafkaBrokers' | 'kafkaControlUrl'>(key: K) {
  try {
    return inject(key);
  } catch {
    // Outside a vitest worker (a script importing these helpers): fall back to the environment.
    return undefined;
  }
}

/**
 * Launches a broker of the test's own (from the jars), for tests that stop or restart Kafka:
 * doing that to the shared broker would disturb other test files running at the same time.
 * Call `destroy()` when done.
 */
export { launchKafka as launchPrivateBroker, type LocalKafka } from '../../deploy/kafka/launch.ts';
