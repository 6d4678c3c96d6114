/**
 * The decision service: decides on agent actions over HTTP, stores each decision with its
 * outbox event in one transaction, and relays the outbox to the bus.
 */
export { createDecisionApp, type DecisionAppOptions } from './app.ts';
export {
  startDecisionService,
  openDecisionStore,
  type DecisionService,
  type DecisionServiceOptions,
} from './service.ts';
export {
  decide,
  effectiveMode,
  failClosed,
  selectPack,
  FAIL_CLOSED_RULE,
  type DecideContext,
  type DecideResult,
  type TenantPolicy,
} from './decide.ts';
export { OutboxRelay, type RelayOptions, type RelayState } from './relay.ts';
export { createDecisionMetrics, type DecisionMetrics } from './metrics.ts';
export { TenantAuth, type AuthResult } from './http/auth.ts';
export { newDecisionId, newTraceparent } from './ids.ts';
export { StoreError, DecisionInputError, type DecisionErrorCode } from './errors.ts';
export type {
  DecisionStore,
  DecisionQuery,
  DecisionPage,
  OutboxEvent,
  OutboxRow,
} from './store/port.ts';
export { createSqliteDecisionStore, type SqliteStoreOptions } from './store/sqlite.ts';
export { createPostgresDecisionStore, type PostgresStoreOptions } from './store/postgres.ts';
