import type { PolicyRegistry } from '@cavra/policy';
import type { ThrottledWarn } from '@cavra/telemetry';
import type { DecisionMetrics } from '../metrics.ts';
import type { OutboxRelay } from '../relay.ts';
import type { DecisionStore } from '../store/port.ts';
import type { TenantAuth } from './auth.ts';

/** What the routes share. */
export interface DecisionAppContext {
  store: DecisionStore;
  registry: PolicyRegistry;
  auth: TenantAuth;
  metrics: DecisionMetrics;
  relay: OutboxRelay | undefined;
  /** Failures that repeat per request (store down, broken pack) are logged once a minute. */
  warn: ThrottledWarn;
}
