export type {
  EventBus,
  EventHandler,
  IncomingEvent,
  OutgoingEvent,
  SubscribeOptions,
  Subscription,
} from './port.ts';
export { BusError, type BusErrorCode } from './errors.ts';
export { toWireMessage, type WireMessage } from './headers.ts';
export { createKafkaBus, type KafkaBusOptions, type SaslCredentials } from './kafka/kafka-bus.ts';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded/embedded-bus.ts';
export { createBus, type BusConfig } from './create-bus.ts';
