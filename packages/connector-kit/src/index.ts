export { classifyHttpStatus, parseRetryAfter, type HttpStatusClass } from './http-status.ts';
export { delivered, failed, retryable } from './send-result.ts';
export type { Receipt, SendError, SendResult } from './send-result.ts';
export { createKindRegistry, defineConnectorKind } from './kind.ts';
export type {
  ConnectorDeps,
  ConnectorInstance,
  ConnectorKind,
  KindRegistry,
  LookupResult,
  MappedPayload,
  SendContext,
} from './kind.ts';
export { builtInKinds, defaultKinds, fileKind, webhookKind } from './kinds/index.ts';
export { FileConfig, FileSender, mapNdjsonLine } from './kinds/file/index.ts';
export {
  WebhookConfig,
  WebhookSender,
  mapWebhookPayload,
  webhookSignature,
} from './kinds/webhook/index.ts';
export { routeDecision, type RouteVerdict } from './route.ts';
export { redactPayload, type RedactedPayload } from './redact-payload.ts';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.ts';
export { DeliveryPolicy } from './policy.ts';
export {
  openDeliveryKeys,
  openPostgresDeliveryKeys,
  openSqliteDeliveryKeys,
  type DeliveryKeyRecord,
  type DeliveryKeyStore,
} from './delivery-keys/index.ts';
export { buildEvidence, sha256Hex, traceIdOf } from './evidence.ts';
export { connectorTopics, replayTopic, type ConnectorTopics } from './topics.ts';
export {
  startConnector,
  type OutcomeListener,
  type RunningConnector,
  type StartConnectorOptions,
} from './worker.ts';
export {
  startConnectors,
  type RunningConnectors,
  type StartConnectorsOptions,
} from './start-connectors.ts';
export { ConnectorConfigError, ConnectorError, DeliveryKeyStoreError } from './errors.ts';
export {
  openReplayLog,
  originalEventId,
  readDeadLetters,
  readTopic,
  replayDeadLetters,
  type DeadLetterEntry,
  type ReadDeadLettersOptions,
  type ReplayLog,
  type ReplayOptions,
  type ReplayStep,
} from './dlq/index.ts';
export { openStoreDatabase } from './database.ts';
export { connectorMetricsListener } from './metrics.ts';
