import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createBus, type EventBus } from '@cavra/bus';
import type { CavraConfig, StoreConfig } from '@cavra/config';
import { PolicyRegistry } from '@cavra/policy';
import { createDecisionApp } from './app.ts';
import { createDecisionMetrics, type DecisionMetrics } from './metrics.ts';
import { OutboxRelay, type RelayOptions } from './relay.ts';
import type { DecisionStore } from './store/port.ts';
import { createPostgresDecisionStore } from './store/postgres.ts';
import { createSqliteDecisionStore } from './store/sqlite.ts';

export interface DecisionServiceOptions {
  config: Pick<CavraConfig, 'tenants' | 'store' | 'bus' | 'api' | 'policy'>;
  logger: Logger;
  /** Defaults to the store `config.store` names (opened, migrated, and closed by `close()`). */
  store?: DecisionStore;
  /** Defaults to the built-in packs plus `config.policy.directory`. */
  registry?: PolicyRegistry;
  /**
   * The bus the relay publishes to. Undefined: the bus `config.bus` names, closed by
   * `close()`. `null`: no relay (decisions accumulate in the outbox).
   */
  bus?: EventBus | null;
  metrics?: DecisionMetrics;
  relay?: Omit<RelayOptions, 'store' | 'bus' | 'logger' | 'metrics'>;
  /** Overrides `config.api` (port 0 picks a free port). */
  listen?: { host?: string; port?: number };
  /** Adds routes (e.g. the evidence API) before the server starts listening. */
  register?: (app: FastifyInstance) => void | Promise<void>;
}

export interface DecisionService {
  app: FastifyInstance;
  store: DecisionStore;
  relay: OutboxRelay | undefined;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops listening, stops the relay, closes what the service opened itself. */
  close(): Promise<void>;
}

/** Opens the store named by the configuration. */
export function openDecisionStore(config: StoreConfig): Promise<DecisionStore> {
  if (config.kind === 'sqlite') return createSqliteDecisionStore({ path: config.path });
  return createPostgresDecisionStore({ url: config.url.reveal(), schema: config.schema });
}

/** Starts the decision service: store, relay, HTTP server. */
export async function startDecisionService(
  options: DecisionServiceOptions,
): Promise<DecisionService> {
  const { config, logger } = options;
  const owned: (() => Promise<void>)[] = [];
  try {
    const store = options.store ?? (await openDecisionStore(config.store));
    if (!options.store) owned.push(() => store.close());
    const registry =
      options.registry ??
      (config.policy.directory
        ? PolicyRegistry.fromDirectory(config.policy.directory)
        : PolicyRegistry.withBuiltins());
    const bus = options.bus === undefined ? createBus(config.bus, logger) : options.bus;
    if (options.bus === undefined && bus) owned.push(() => bus.close());

    const metrics = options.metrics ?? createDecisionMetrics();
    const relay = bus
      ? new OutboxRelay({ ...options.relay, store, bus, logger, metrics })
      : undefined;
    const app = createDecisionApp({ store, registry, config, logger, metrics, relay });
    await options.register?.(app);
    relay?.start();
    if (relay) owned.unshift(() => relay.stop());

    const host = options.listen?.host ?? config.api.host;
    const port = options.listen?.port ?? config.api.port;
    const url = await app.listen({ host, port });
    owned.unshift(() => app.close());
    logger.info({ url, store: store.kind, bus: bus?.kind ?? 'none' }, 'decision service listening');
    return { app, store, relay, url, close: () => closeAll(owned) };
  } catch (err) {
    await closeAll(owned);
    throw err;
  }
}

/** Runs every closer in order, even when one fails, then reports the first failure. */
async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  const results = await closers.reduce<Promise<PromiseSettledResult<void>[]>>(
    async (acc, close) => [...(await acc), ...(await Promise.allSettled([close()]))],
    Promise.resolve([]),
  );
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
}
