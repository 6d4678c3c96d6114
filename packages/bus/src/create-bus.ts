import type { Logger } from 'pino';
import { createEmbeddedBus, type EmbeddedBusOptions } from './embedded/embedded-bus.ts';
import { BusError } from './errors.ts';
import { createKafkaBus, type KafkaBusOptions } from './kafka/kafka-bus.ts';
import type { EventBus } from './port.ts';

/** The `bus:` section of the configuration, as parsed by the config package. */
export type BusConfig =
  | ({ kind: 'kafka' } & Omit<KafkaBusOptions, 'logger' | 'clientId'> & { clientId?: string })
  | ({ kind: 'embedded' } & Omit<EmbeddedBusOptions, 'logger'>);

/** Builds the adapter the configuration names. */
export function createBus(config: BusConfig, logger?: Logger): EventBus {
  switch (config.kind) {
    case 'kafka': {
      const { kind: _kind, clientId, ...rest } = config;
      return createKafkaBus({ ...rest, clientId: clientId ?? 'cavra', ...(logger && { logger }) });
    }
    case 'embedded': {
      const { kind: _kind, ...rest } = config;
      return createEmbeddedBus({ ...rest, ...(logger && { logger }) });
    }
    default: {
      const kind = (config as { kind?: unknown }).kind;
      const message = `bus.kind: expected "kafka" or "embedded", got ${JSON.stringify(kind)}`;
      throw new BusError('invalid_config', message, false);
    }
  }
}
