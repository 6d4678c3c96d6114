import type { z } from 'zod';
import type { Logger } from 'pino';
import type { CloudEventEnvelope, Destination } from '@cavra/contracts';
import type { ConnectorConfig } from '@cavra/config';
import { ConnectorConfigError } from './errors.ts';
import type { Receipt, SendResult } from './send-result.ts';

/** The exact bytes a connector sends, as its mapper produced them. */
export interface MappedPayload {
  body: string;
  contentType: string;
}

/** What a sender knows about the delivery it makes. */
export interface SendContext {
  /** `connector:destination:eventId`: also the idempotency key at destinations that take one. */
  deliveryKey: string;
  eventId: string;
  /** 1 for the first try of this worker; counts up across retries. */
  attempt: number;
  /** Aborted when the attempt times out or the worker stops. */
  signal: AbortSignal;
}

/** Whether a destination already has a delivery: answered by kinds that can be asked. */
export type LookupResult = 'delivered' | 'unknown' | Receipt;

/** One running destination of a connector: its identity, mapper and sender. */
export interface ConnectorInstance {
  /** Where deliveries go. Never a token, query string or full webhook URL. */
  destination: Destination;
  map(event: CloudEventEnvelope): MappedPayload;
  send(payload: MappedPayload, ctx: SendContext): Promise<SendResult>;
  lookup?(deliveryKey: string, eventId: string): Promise<LookupResult>;
  close?(): Promise<void>;
}

/** What a kind's factory gets besides its configuration. */
export interface ConnectorDeps {
  logger: Logger;
}

/** A destination kind: its config schema (kind fields only) and the factory of instances. */
export interface ConnectorKind<S extends z.ZodType = z.ZodType> {
  kind: string;
  configSchema: S;
  create(config: ConnectorConfig & z.output<S>, deps: ConnectorDeps): ConnectorInstance;
}

/** Declares a destination kind; the runtime validates kind fields with `configSchema`. */
export function defineConnectorKind<S extends z.ZodType>(kind: ConnectorKind<S>): ConnectorKind<S> {
  return kind;
}

/** The kinds a runtime knows, by name. */
export interface KindRegistry {
  get(kind: string): ConnectorKind | undefined;
  known(): string[];
  /** Validates kind fields and creates the instance; errors name `connectors[index].<field>`. */
  create(config: ConnectorConfig, deps: ConnectorDeps, index?: number): ConnectorInstance;
}

/** Builds a registry from kind definitions; a later kind of the same name replaces an earlier. */
export function createKindRegistry(kinds: ConnectorKind[]): KindRegistry {
  const byName = new Map(kinds.map((k) => [k.kind, k]));

  function create(config: ConnectorConfig, deps: ConnectorDeps, index = 0): ConnectorInstance {
    const prefix = `connectors[${index}]`;
    const kind = byName.get(config.kind);
    if (!kind) {
      throw new ConnectorConfigError(
        `${prefix}.kind`,
        `one of ${[...byName.keys()].join(', ')}`,
        config.kind,
      );
    }
    const parsed = kind.configSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join('.') ?? '';
      const actual = path ? (config as Record<string, unknown>)[path.split('.')[0] ?? ''] : config;
      throw new ConnectorConfigError(`${prefix}.${path}`, issue?.message ?? 'valid', actual, {
        cause: parsed.error,
      });
    }
    return kind.create({ ...config, ...(parsed.data as object) } as ConnectorConfig, deps);
  }

  return {
    get: (kind) => byName.get(kind),
    known: () => [...byName.keys()],
    create,
  };
}
