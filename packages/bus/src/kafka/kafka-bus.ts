import {
  Kafka,
  Partitioners,
  type Admin,
  type Producer,
  type RetryOptions,
  type SASLOptions,
} from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import pino, { type Logger } from 'pino';
import { BusError, checkName } from '../errors.ts';
import { toWireMessage } from '../headers.ts';
import type {
  EventBus,
  EventHandler,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from '../port.ts';
import { startKafkaSubscription } from './consumer.ts';
import { kafkaLevelFor, kafkaLogCreator } from './kafka-log.ts';

/**
 * SASL credentials. The password may be a secret holder (the configuration's `SecretValue`):
 * it is revealed only here, where the Kafka client is built.
 */
export interface SaslCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string | { reveal(): string };
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** TLS to the brokers: `true` for the system CAs, or Node TLS options. */
  ssl?: boolean | ConnectionOptions;
  /** SASL (plain, scram-sha-256/512) credentials. */
  sasl?: SaslCredentials;
  logger?: Logger;
  /** Partitions of topics this bus creates (default 3). */
  partitions?: number;
  /** Create missing topics through the admin client before first use (default true). */
  createTopics?: boolean;
  /** kafkajs retry settings of the client (default: kafkajs's own, about 5 retries). */
  retry?: RetryOptions;
  /**
   * Longest a fetch waits on an idle topic (default 1000 ms). Events arriving sooner end the wait
   * at once; shorter values make `stop()` faster, since it waits for the pending fetch.
   */
  fetchMaxWaitMs?: number;
  /**
   * How long the group waits for a silent member before handing its partitions to others
   * (default 10 s, kafkajs's is 30 s). Also how long a consumer that lost its broker connection
   * may wait for its own old membership to expire when it rejoins.
   */
  sessionTimeoutMs?: number;
}

/**
 * The Kafka adapter of the bus port: an idempotent producer with `acks=all` and one `send` per
 * publish call; one consumer per subscription, committing after the handler resolved.
 */
export function createKafkaBus(options: KafkaBusOptions): EventBus {
  if (!options.brokers.length) {
    throw new BusError('invalid_config', 'brokers: expected at least one host:port, got []', false);
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.ssl !== undefined && { ssl: options.ssl }),
    ...(options.sasl !== undefined && { sasl: kafkaSasl(options.sasl) }),
    ...(options.retry !== undefined && { retry: options.retry }),
    logLevel: kafkaLevelFor(logger),
    logCreator: kafkaLogCreator(logger),
  });
  return new KafkaBus(kafka, options, logger);
}

function kafkaSasl({ mechanism, username, password }: SaslCredentials): SASLOptions {
  const revealed = typeof password === 'string' ? password : password.reveal();
  return { mechanism, username, password: revealed } as SASLOptions;
}

class KafkaBus implements EventBus {
  readonly kind = 'kafka';
  private readonly producer: Producer;
  private producerReady: Promise<void> | undefined;
  private readonly knownTopics = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaBusOptions,
    private readonly logger: Logger,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      // kafkajs keeps per-partition order under idempotence only with one request in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async publish(topic: string, events: OutgoingEvent[]): Promise<void> {
    this.assertOpen();
    checkName('topic', topic);
    if (events.length === 0) return;
    const messages = events.map(toWireMessage);
    try {
      await this.ensureTopic(topic);
      this.producerReady ??= this.producer.connect();
      await this.producerReady;
      await this.producer.send({ topic, acks: -1, messages });
    } catch (err) {
      this.producerReady = undefined;
      throw new BusError('publish_failed', `publish to ${topic} failed: ${errorText(err)}`, true, {
        cause: err,
      });
    }
  }

  async subscribe(
    topic: string,
    group: string,
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    this.assertOpen();
    checkName('topic', topic);
    checkName('group', group);
    try {
      await this.ensureTopic(topic);
      const subscription = await startKafkaSubscription({
        kafka: this.kafka,
        topic,
        group,
        handler,
        options,
        fetchMaxWaitMs: this.options.fetchMaxWaitMs ?? 1000,
        sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
        logger: this.logger,
        onStopped: (s) => this.subscriptions.delete(s),
      });
      this.subscriptions.add(subscription);
      return subscription;
    } catch (err) {
      const message = `subscribe to ${topic} as ${group} failed: ${errorText(err)}`;
      throw new BusError('subscribe_failed', message, true, { cause: err });
    }
  }

  /** Stops every subscription (letting in-flight handlers finish), then the producer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    if (this.producerReady) await this.producer.disconnect().catch(() => undefined);
  }

  /** Creates a missing topic once per bus, so the first publish does not race auto-creation. */
  private ensureTopic(topic: string): Promise<void> {
    if (this.options.createTopics === false) return Promise.resolve();
    let pending = this.knownTopics.get(topic);
    if (!pending) {
      pending = this.createTopic(topic);
      pending.catch(() => this.knownTopics.delete(topic));
      this.knownTopics.set(topic, pending);
    }
    return pending;
  }

  private async createTopic(topic: string): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const numPartitions = this.options.partitions ?? 3;
      await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new BusError('bus_closed', 'the bus is closed', false);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
