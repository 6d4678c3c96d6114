import type { Logger } from 'pino';
import type { EventBus } from '@cavra/bus';
import type { CavraConfig } from '@cavra/config';
import { openDeliveryKeys, type DeliveryKeyStore } from './delivery-keys/index.ts';
import type { KindRegistry } from './kind.ts';
import { defaultKinds } from './kinds/index.ts';
import { ConnectorConfigError } from './errors.ts';
import { startConnector, type OutcomeListener, type RunningConnector } from './worker.ts';

/** What `startConnectors` needs. */
export interface StartConnectorsOptions {
  config: CavraConfig;
  bus: EventBus;
  logger: Logger;
  /** Defaults to the store the configuration names (`store`). */
  deliveryKeys?: DeliveryKeyStore;
  registry?: KindRegistry;
  onOutcome?: OutcomeListener;
}

/** Every enabled connector of a configuration, running. */
export interface RunningConnectors {
  readonly connectors: RunningConnector[];
  /** Drains every connector, then closes the delivery-key store it opened. */
  stop(): Promise<void>;
}

/**
 * Starts every enabled connector of `config`. Kinds are checked before anything starts, so a
 * typo fails fast naming `connectors[i].kind` and the known kinds.
 */
export async function startConnectors(options: StartConnectorsOptions): Promise<RunningConnectors> {
  const registry = options.registry ?? defaultKinds;
  const enabled = options.config.connectors
    .map((config, index) => ({ config, index }))
    .filter(({ config }) => config.enabled);
  for (const { config, index } of enabled) {
    if (!registry.get(config.kind)) {
      throw new ConnectorConfigError(
        `connectors[${index}].kind`,
        `one of ${registry.known().join(', ')}`,
        config.kind,
      );
    }
  }

  const deliveryKeys = options.deliveryKeys ?? (await openDeliveryKeys(options.config.store));
  const connectors: RunningConnector[] = [];
  try {
    for (const { config, index } of enabled) {
      connectors.push(
        await startConnector({
          config,
          index,
          registry,
          deliveryKeys,
          bus: options.bus,
          logger: options.logger,
          ...(options.onOutcome && { onOutcome: options.onOutcome }),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(connectors.map((c) => c.stop()));
    if (!options.deliveryKeys) await deliveryKeys.close();
    throw err;
  }

  return {
    connectors,
    async stop() {
      await Promise.allSettled(connectors.map((c) => c.stop()));
      if (!options.deliveryKeys) await deliveryKeys.close();
    },
  };
}
