import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import type { TenantConfig } from '@cavra/config';
import type { PolicyRegistry } from '@cavra/policy';
import { createThrottledWarn } from '@cavra/telemetry';
import { TenantAuth } from './http/auth.ts';
import type { DecisionAppContext } from './http/context.ts';
import { registerDecisionRoutes } from './http/decisions.ts';
import { registerHealthRoutes } from './http/health.ts';
import { createDecisionMetrics, type DecisionMetrics } from './metrics.ts';
import type { OutboxRelay } from './relay.ts';
import type { DecisionStore } from './store/port.ts';

export interface DecisionAppOptions {
  store: DecisionStore;
  registry: PolicyRegistry;
  /** The tenants (with API keys, packs and mode) the service answers for. */
  config: { tenants: readonly TenantConfig[] };
  logger: Logger;
  metrics?: DecisionMetrics;
  /** Woken after each stored decision; reported by `/readyz`. */
  relay?: OutboxRelay;
  /** Largest accepted request body (default 256 KiB). */
  bodyLimit?: number;
}

/** A fastify app with the decision routes, not yet listening; more routes may be added. */
export function createDecisionApp(options: DecisionAppOptions): FastifyInstance {
  const metrics = options.metrics ?? createDecisionMetrics();
  const ctx: DecisionAppContext = {
    store: options.store,
    registry: options.registry,
    auth: new TenantAuth(options.config.tenants),
    metrics,
    relay: options.relay,
    warn: createThrottledWarn(options.logger),
  };
  metrics.trackBacklog(() => options.store.outboxBacklog());

  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // One log line per request would cost more than the decision itself; failures are logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
  });

  app.addHook('onResponse', requestTimer(metrics));
  app.setErrorHandler(errorHandler);

  registerDecisionRoutes(app, ctx);
  registerHealthRoutes(app, ctx);
  return app;
}

/**
 * Observes each request's duration. The labelled histogram child is looked up by one string
 * key: prom-client would otherwise check, sort and hash the label object on every request.
 * Routes are the registered patterns and methods the ones fastify accepts, so the map stays small.
 */
function requestTimer(metrics: DecisionMetrics) {
  const children = new Map<string, Observer>();
  return function observeRequest(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = children.get(key);
    if (!child) {
      child = metrics.requestDuration.labels(request.method, route, String(reply.statusCode));
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  };
}

type Observer = Pick<ReturnType<DecisionMetrics['requestDuration']['labels']>, 'observe'>;

/** Body-parse errors become the usual `invalid_request`; anything unexpected is a logged 500. */
function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const issues = [{ path: '', message: error.message }];
    return reply.code(status).send({ error: 'invalid_request', issues });
  }
  request.log.error({ err: error }, 'unexpected failure');
  return reply.code(500).send({ error: 'internal_error' });
}
