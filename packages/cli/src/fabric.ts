import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createBus, type EventBus } from '@cavra/bus';
import type { CavraConfig, StoreConfig } from '@cavra/config';
import { startConnectors, type RunningConnectors } from '@cavra/connector-kit';
import { startDecisionService, TenantAuth } from '@cavra/decision-service';
import type { DecisionService } from '@cavra/decision-service';
import { createPostgresLedger, createSqliteLedger, type EvidenceLedger } from '@cavra/evidence';
import { createEvidenceService, registerEvidenceRoutes } from '@cavra/evidence-service';
import type { Logger } from '@cavra/telemetry';

/** Which parts of the fabric one process runs. `all` is the single-process default. */
export const ROLES = ['all', 'decision', 'evidence', 'connectors'] as const;
export type Role = (typeof ROLES)[number];

export interface RunningFabric {
  /** The decision API's base URL, when this process serves it. */
  url: string | undefined;
  connectors: string[];
  /** Drains connectors, stops consumers and the server, closes stores and the bus. */
  stop(): Promise<void>;
}

/**
 * Starts the parts of the fabric a role asks for, on one shared bus. Paths in the configuration
 * are relative to `baseDir` (the working folder).
 */
export async function startFabric(options: {
  config: CavraConfig;
  role: Role;
  logger: Logger;
  baseDir: string;
}): Promise<RunningFabric> {
  const config = withAbsolutePaths(options.config, options.baseDir);
  const { role, logger } = options;
  const runs = (part: Exclude<Role, 'all'>) => role === 'all' || role === part;
  const closers: (() => Promise<void>)[] = [];
  const stop = () => closeInReverse(closers, logger);

  try {
    const bus = createBus(config.bus, logger);
    closers.push(() => bus.close());

    const needsLedger = runs('evidence') || runs('decision');
    const ledger = needsLedger ? await openEvidenceLedger(config.evidence.store) : undefined;
    if (ledger) closers.push(() => ledger.close());

    if (runs('evidence') && ledger) {
      const evidence = createEvidenceService({ bus, ledger, logger });
      await evidence.start();
      closers.push(() => evidence.stop());
    }

    let decision: DecisionService | undefined;
    if (runs('decision')) {
      decision = await startDecision(config, bus, ledger, logger);
      closers.push(() => decision!.close());
    }

    let connectors: RunningConnectors | undefined;
    if (runs('connectors')) {
      connectors = await startConnectors({ config, bus, logger });
      closers.push(() => connectors!.stop());
    }

    return {
      url: decision?.url,
      connectors: connectors?.connectors.map((c) => c.name) ?? [],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The decision API, with the evidence API mounted on the same server. */
function startDecision(
  config: CavraConfig,
  bus: EventBus,
  ledger: EvidenceLedger | undefined,
  logger: Logger,
): Promise<DecisionService> {
  const auth = new TenantAuth(config.tenants);
  return startDecisionService({
    config,
    bus,
    logger,
    register: (app) => {
      if (!ledger) return;
      registerEvidenceRoutes(app, {
        ledger,
        auth: (request) => {
          const named = (request.query as { tenant?: string } | undefined)?.tenant;
          const result = auth.authenticate(request.headers.authorization, named);
          return result.ok ? result.tenant.id : undefined;
        },
      });
    },
  });
}

function openEvidenceLedger(store: StoreConfig): Promise<EvidenceLedger> {
  if (store.kind === 'sqlite') return createSqliteLedger({ path: store.path });
  return createPostgresLedger({ connectionString: store.url.reveal(), schema: store.schema });
}

/** Resolves the SQLite and embedded-bus paths against `baseDir` and creates their folders. */
function withAbsolutePaths(config: CavraConfig, baseDir: string): CavraConfig {
  const place = (path: string) => {
    const absolute = isAbsolute(path) || path === ':memory:' ? path : resolve(baseDir, path);
    if (absolute !== ':memory:') mkdirSync(dirname(absolute), { recursive: true });
    return absolute;
  };
  const store = (s: StoreConfig): StoreConfig =>
    s.kind === 'sqlite' ? { ...s, path: place(s.path) } : s;
  return {
    ...config,
    bus:
      config.bus.kind === 'embedded' ? { ...config.bus, path: place(config.bus.path) } : config.bus,
    store: store(config.store),
    evidence: { ...config.evidence, store: store(config.evidence.store) },
  };
}

async function closeInReverse(closers: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (err) {
      logger.error({ err }, 'error while stopping');
    }
  }
}
