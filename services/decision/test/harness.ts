import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { TenantConfig } from '@cavra/config';
import { PolicyRegistry } from '@cavra/policy';
import { createTempSchema } from '../../../test/support/postgres.ts';
import { createDecisionApp } from '../src/app.ts';
import type { DecisionStore } from '../src/store/port.ts';
import { createPostgresDecisionStore } from '../src/store/postgres.ts';
import { createSqliteDecisionStore } from '../src/store/sqlite.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** A fresh, empty store of the given kind; `dispose` closes and removes it. */
export async function openTestStore(
  kind: StoreKind,
): Promise<{ store: DecisionStore; dispose(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cavra-decisions-'));
    const store = await createSqliteDecisionStore({ path: join(dir, 'cavra.db') });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const temp = await createTempSchema('cavra_decisions');
  const store = await createPostgresDecisionStore({
    url: `postgres://${temp.user}@${temp.host}:${temp.port}/${temp.database}`,
    schema: temp.schema,
  });
  return {
    store,
    async dispose() {
      await store.close();
      await temp.drop();
    },
  };
}

export const silentLogger = pino({ level: 'silent' });

/** Two tenants with fake keys; `acme` may also use the `cavra-baseline` pack only. */
export const keyedTenants = [
  TenantConfig.parse({ id: 'acme', apiKeys: ['test-key-acme-0000'] }),
  TenantConfig.parse({ id: 'globex', apiKeys: ['test-key-globex-0000'], mode: 'strict' }),
];

/** A listening decision app on a free loopback port. */
export async function listenApp(options: {
  store: DecisionStore;
  tenants?: TenantConfig[];
  registry?: PolicyRegistry;
}): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const app = createDecisionApp({
    store: options.store,
    registry: options.registry ?? PolicyRegistry.withBuiltins(),
    config: { tenants: options.tenants ?? keyedTenants },
    logger: silentLogger,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, close: () => app.close() };
}

/** A minimal valid decision request. */
export function requestBody(action: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    sessionId: 'sess-api',
    agent: { id: 'agent-1', name: 'coder', vendor: 'example' },
    actor: 'dev@example.test',
    action,
    ...extra,
  };
}

/** JSON over fetch with an optional bearer key. */
export async function call(
  url: string,
  path: string,
  options: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests probe fields freely
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body !== undefined && {
      body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') ? JSON.parse(text) : text };
}
