import type { Logger } from 'pino';
import type { DeliveryEvidence } from '@cavra/contracts';
import type { EventBus } from '@cavra/bus';
import type { ConnectorConfig } from '@cavra/config';
import type { DeliveryKeyStore } from './delivery-keys/index.ts';
import { createDestinationGuard } from './delivery.ts';
import { publishEvidence } from './evidence.ts';
import { EventPipeline } from './pipeline.ts';
import { resilientSubscription } from './resubscribe.ts';
import type { KindRegistry } from './kind.ts';
import { defaultKinds } from './kinds/index.ts';
import { DeliveryPolicy } from './policy.ts';
import { connectorTopics, type ConnectorTopics } from './topics.ts';
import { ConnectorConfigError } from './errors.ts';

/** Called with every evidence record once it is published, before the event is committed. */
export type OutcomeListener = (evidence: DeliveryEvidence) => void | Promise<void>;

/** What `startConnector` needs. */
export interface StartConnectorOptions {
  config: ConnectorConfig;
  bus: EventBus;
  deliveryKeys: DeliveryKeyStore;
  logger: Logger;
  /** The kinds to choose from; `defaultKinds` when absent. */
  registry?: KindRegistry;
  /** Position in `connectors[]`, for error messages. */
  index?: number;
  /** Topic overrides (tests, multi-cluster set-ups); the standard names otherwise. */
  topics?: Partial<ConnectorTopics>;
  /** Delivery policy fields over the connector's own `delivery` block. */
  policy?: Partial<DeliveryPolicy>;
  onOutcome?: OutcomeListener;
}

/** A running connector worker. */
export interface RunningConnector {
  readonly name: string;
  readonly topics: ConnectorTopics;
  /** Adds an outcome listener; returns its remover. */
  onOutcome(listener: OutcomeListener): () => void;
  /** Drains: stops fetching, lets the in-flight event finish and commit, closes the sender. */
  stop(): Promise<void>;
}

/**
 * Starts one connector worker: it consumes decisions (and its replay topic) in the consumer
 * group named after the connector and runs each event through the delivery pipeline.
 */
export async function startConnector(options: StartConnectorOptions): Promise<RunningConnector> {
  const { config, bus } = options;
  const logger = options.logger.child({ connector: config.name });
  const policy = parsePolicy(config, options);
  const instance = (options.registry ?? defaultKinds).create(config, { logger }, options.index);
  const topics = connectorTopics(config.name, options.topics);
  const listeners = new Set<OutcomeListener>(options.onOutcome ? [options.onOutcome] : []);
  const stopping = new AbortController();
  let stopped: Promise<void> | undefined;

  const pipeline = new EventPipeline({
    config,
    instance,
    policy,
    guard: createDestinationGuard(policy),
    deliveryKeys: options.deliveryKeys,
    bus,
    topics,
    logger,
    stopSignal: stopping.signal,
    publish: (evidence, traceparent) =>
      publishEvidence(bus, topics.evidence, evidence, traceparent),
    async notify(evidence) {
      for (const listener of listeners) await listener(evidence);
    },
  });

  // One group per topic: Kafka assignors expect every member of a group to subscribe to the
  // same topics, so the replay topic gets its own group, `<name>.replay`.
  const subscriptions = await Promise.all(
    (
      [
        [topics.decisions, config.name],
        [topics.replay, `${config.name}.replay`],
      ] as const
    ).map(([topic, group]) =>
      resilientSubscription({
        subscribe: (onError) =>
          bus.subscribe(topic, group, (event) => pipeline.handle(event), { onError }),
        stopSignal: stopping.signal,
        logger: logger.child({ topic }),
      }),
    ),
  );
  logger.info({ destination: instance.destination, topics }, 'connector started');

  return {
    name: config.name,
    topics,
    onOutcome(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped ??= (async () => {
        // Waits (backoff, open breaker, rate budget) end at once; a send under way finishes.
        stopping.abort(new Error('connector stopping'));
        await Promise.all(subscriptions.map((s) => s.stop()));
        await instance.close?.();
        logger.info('connector stopped');
      })();
      return stopped;
    },
  };
}

function parsePolicy(config: ConnectorConfig, options: StartConnectorOptions): DeliveryPolicy {
  const fromConfig = (config as { delivery?: unknown }).delivery ?? {};
  const parsed = DeliveryPolicy.safeParse({ ...(fromConfig as object), ...options.policy });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new ConnectorConfigError(
    `connectors[${options.index ?? 0}].delivery.${field}`,
    issue?.message ?? 'a valid delivery policy',
    (fromConfig as Record<string, unknown>)[field],
    { cause: parsed.error },
  );
}
