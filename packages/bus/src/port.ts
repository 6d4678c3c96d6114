import type { CloudEventEnvelope } from '@cavra/contracts';

/** One message to publish: a key (for per-key order) and a CloudEvents envelope. */
export interface OutgoingEvent {
  key: string;
  event: CloudEventEnvelope;
  /** Extra headers; `traceparent` is added from the envelope or the active span. */
  headers?: Record<string, string>;
}

/** One message as a consumer sees it. `value` is raw JSON text: consumers validate it. */
export interface IncomingEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  timestamp: string;
}

/**
 * Handles one event. Resolving commits the event's offset (at-least-once); throwing stops the
 * subscription without committing, so the event is delivered again to the group.
 */
export type EventHandler = (event: IncomingEvent) => Promise<void>;

export interface SubscribeOptions {
  /** Start from the earliest retained event when the group has no committed offset (default). */
  fromBeginning?: boolean;
  /** Called when the handler throws and the subscription stops. */
  onError?: (err: unknown) => void;
}

export interface Subscription {
  /** Stops fetching, lets the in-flight handler finish, and leaves the group. */
  stop(): Promise<void>;
}

/** The event bus port: Kafka in production, a SQLite log in the embedded default. */
export interface EventBus {
  readonly kind: 'kafka' | 'embedded';
  publish(topic: string, events: OutgoingEvent[]): Promise<void>;
  subscribe(
    topic: string,
    group: string,
    handler: EventHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  close(): Promise<void>;
}
