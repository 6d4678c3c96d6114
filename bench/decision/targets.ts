import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createEmbeddedBus } from '@cavra/bus';
import { TenantConfig } from '@cavra/config';
import {
  createPostgresDecisionStore,
  createSqliteDecisionStore,
  startDecisionService,
  type DecisionStore,
} from '@cavra/decision-service';
import { PolicyRegistry } from '@cavra/policy';
import pg from 'pg';

/** A server under test: its decision endpoint and how to stop it. */
export interface Target {
  name: string;
  url: string;
  /** Server-side durations (ms) of the requests answered since the list was last emptied. */
  serverTimes: number[];
  close(): Promise<void>;
}

/** Records each request's server-side duration, excluding time spent in the load generator. */
function timeRequests(app: FastifyInstance, times: number[]): void {
  app.addHook('onResponse', (_request, reply, done) => {
    times.push(reply.elapsedTime);
    done();
  });
}

export const BENCH_KEY = 'bench-key-not-a-secret-0000';
const logger = pino({ level: 'warn' });

/** The ceiling: the same kind of fastify server, parsing the body, answering a fixed decision. */
export async function startCeiling(fixed: unknown): Promise<Target> {
  const app = Fastify({ logger: false });
  const serverTimes: number[] = [];
  timeRequests(app, serverTimes);
  const body = JSON.stringify(fixed);
  app.post('/v1/decisions', (_request, reply) => {
    void reply.type('application/json').send(body);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { name: 'ceiling (fixed answer)', url, serverTimes, close: () => app.close() };
}

async function startService(name: string, store: DecisionStore, busPath: string | undefined) {
  const bus = busPath ? createEmbeddedBus({ path: busPath }) : null;
  const serverTimes: number[] = [];
  const service = await startDecisionService({
    config: {
      tenants: [TenantConfig.parse({ id: 'acme', apiKeys: [BENCH_KEY] })],
      store: { kind: 'sqlite', path: ':memory:' },
      bus: { kind: 'embedded', path: ':memory:' },
      api: { host: '127.0.0.1', port: 0 },
      policy: {},
    },
    logger,
    store,
    bus,
    registry: PolicyRegistry.withBuiltins(),
    register: (app) => timeRequests(app, serverTimes),
  });
  return {
    name,
    url: service.url,
    serverTimes,
    async close() {
      await service.close();
      await bus?.close();
    },
  };
}

/**
 * The decision service on a SQLite file store; with `relay`, also relaying the outbox to the
 * embedded bus in the same process, as `cavra up` does.
 */
export async function startSqliteTarget(options: { relay?: boolean } = {}): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-bench-'));
  const store = await createSqliteDecisionStore({ path: join(dir, 'cavra.db') });
  const busPath = options.relay ? join(dir, 'bus.db') : undefined;
  const name = options.relay
    ? 'decision service, SQLite store + relay to embedded bus'
    : 'decision service, SQLite store';
  const target = await startService(name, store, busPath);
  return {
    ...target,
    async close() {
      await target.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The decision service on PostgreSQL (a temporary schema, dropped afterwards). */
export async function startPostgresTarget(baseUrl: string): Promise<Target> {
  const schema = `cavra_bench_${Date.now().toString(36)}`;
  const store = await createPostgresDecisionStore({ url: baseUrl, schema, maxConnections: 10 });
  const target = await startService('decision service, PostgreSQL store', store, undefined);
  return {
    ...target,
    async close() {
      await target.close();
      await store.close();
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}
