import { execFile } from 'node:child_process';
import { launchKafka } from '../../deploy/kafka/launch.ts';

/** Start/stop control over a broker the test run owns. */
export interface BrokerControl {
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

/** The broker a test run uses, where it came from, and how to let go of it. */
export interface KafkaSource {
  brokers: string[];
  /** One line for the run's log, e.g. `apache kafka 3.9.1 (jars, KRaft) at 127.0.0.1:41234`. */
  description: string;
  /** Present only when this run started the broker itself. */
  control?: BrokerControl;
  dispose(): Promise<void>;
}

/** Uses `KAFKA_BROKERS`, else Docker (testcontainers) when an engine answers, else the jars. */
export async function acquireKafka(env: NodeJS.ProcessEnv = process.env): Promise<KafkaSource> {
  const fromEnv = env.KAFKA_BROKERS?.trim();
  if (fromEnv) {
    const brokers = fromEnv.split(',').map((b) => b.trim());
    return {
      brokers,
      description: `KAFKA_BROKERS at ${brokers.join(',')}`,
      dispose: async () => {},
    };
  }
  if (await dockerAnswers()) return fromContainer();
  return fromJars();
}

async function fromJars(): Promise<KafkaSource> {
  const kafka = await launchKafka();
  return {
    brokers: kafka.brokers,
    description: `apache kafka ${kafka.version} (jars, KRaft) at ${kafka.brokers.join(',')}`,
    control: {
      stop: () => kafka.stop(),
      start: () => kafka.start(),
      restart: () => kafka.restart(),
    },
    dispose: () => kafka.destroy(),
  };
}

/** The image's Confluent Platform 7.9 line ships Apache Kafka 3.9. */
const CONTAINER_IMAGE = 'confluentinc/cp-kafka:7.9.0';

interface KafkaContainerModule {
  KafkaContainer: new (image: string) => {
    withKraft(): { start(): Promise<StartedKafka> };
  };
}
interface StartedKafka {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}

async function fromContainer(): Promise<KafkaSource> {
  // Imported only here: the package is installed only where a Docker engine runs.
  const moduleName = '@testcontainers/kafka';
  let module: KafkaContainerModule;
  try {
    module = (await import(moduleName)) as KafkaContainerModule;
  } catch (err) {
    throw new Error(
      'a Docker engine answers but @testcontainers/kafka is not installed: run ' +
        '`pnpm --filter @cavra/fabric-tests add @testcontainers/kafka`, or unset DOCKER_HOST',
      { cause: err },
    );
  }
  const started = await new module.KafkaContainer(CONTAINER_IMAGE).withKraft().start();
  const address = `${started.getHost()}:${started.getMappedPort(9093)}`;
  return {
    brokers: [address],
    description: `${CONTAINER_IMAGE} (testcontainers, KRaft) at ${address}`,
    dispose: async () => {
      await started.stop();
    },
  };
}

function dockerAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('docker', ['info'], { timeout: 5000 }, (err) => resolve(err === null));
  });
}
