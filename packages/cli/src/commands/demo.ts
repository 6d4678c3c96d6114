import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createBus } from '@cavra/bus';
import { loadConfig, type CavraConfig } from '@cavra/config';
import { EventTypes, Topics, type Decision } from '@cavra/contracts';
import { readTopic } from '@cavra/connector-kit';
import { createLogger } from '@cavra/telemetry';
import { DEMO_FAKE_AWS_KEY, DEMO_FAKE_GITHUB_TOKEN, demoRequests } from './demo-actions.ts';

interface DemoOptions {
  api: string;
  tenant: string;
  apiKey?: string;
  config: string;
  waitSeconds: string;
}

/** Registers `cavra demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('post a scripted agent session to the API and show where the decisions land')
    .option('--api <url>', 'base URL of the CAVRA API', 'http://127.0.0.1:8080')
    .option('--tenant <id>', 'tenant to act as', 'demo')
    .option('--api-key <key>', 'API key, when the tenant has keys')
    .option(
      '--config <file>',
      'configuration the fabric runs with',
      'deploy/config/cavra.sample.yaml',
    )
    .option('--wait-seconds <n>', 'how long to wait for the file sinks', '30')
    .action(async (opts: DemoOptions) => {
      try {
        await demo(opts);
      } catch (err) {
        console.error(`cavra demo: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

async function demo(opts: DemoOptions): Promise<void> {
  const api = opts.api.replace(/\/+$/, '');
  await assertReachable(api);

  const decisions: Decision[] = [];
  const rows: string[][] = [['#', 'action', 'outcome', 'severity', 'rule']];
  for (const [i, { label, request }] of demoRequests(opts.tenant).entries()) {
    const decision = await postDecision(api, request, opts.apiKey);
    decisions.push(decision);
    const { outcome, severity } = decision;
    rows.push([String(i + 1), label, outcome, severity, decision.policy.ruleId]);
  }
  printTable(rows);

  const config = existsSync(opts.config) ? loadConfig(opts.config).config : undefined;
  if (!config) {
    console.log(`(no ${opts.config}: cannot check the sinks; give --config FILE)`);
    return;
  }
  await reportSinks(config, decisions, Number(opts.waitSeconds) * 1000);
}

async function assertReachable(api: string): Promise<void> {
  try {
    await fetch(`${api}/healthz`, { signal: AbortSignal.timeout(3_000) });
  } catch {
    throw new Error(
      `the CAVRA API is not reachable at ${api}. Start the fabric first: ` +
        '`pnpm start` (runs `cavra up --config deploy/config/cavra.sample.yaml`), ' +
        'or give --api URL.',
    );
  }
}

async function postDecision(api: string, request: object, apiKey?: string): Promise<Decision> {
  const response = await fetch(`${api}/v1/decisions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey !== undefined && { authorization: `Bearer ${apiKey}` }),
    },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as Decision & { error?: string; message?: string };
  // 503 still carries a fail-closed decision; anything else without one is an error.
  if (!body.decisionId) {
    throw new Error(
      `POST /v1/decisions answered ${response.status}: ${body.message ?? body.error}`,
    );
  }
  return body;
}

/** Waits (bounded) until the file sinks hold the decisions, then says where to look. */
async function reportSinks(config: CavraConfig, decisions: Decision[], waitMs: number) {
  const ids = decisions.map((d) => d.decisionId);
  const sinks = config.connectors.filter((c) => c.kind === 'file' && c.enabled);
  const allSink = sinks[0];
  const deadline = Date.now() + waitMs;
  let found = 0;
  while (allSink && Date.now() < deadline) {
    found = countIn(String(allSink.path), ids);
    if (found === ids.length) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  for (const sink of sinks) {
    const path = resolve(String(sink.path));
    console.log(`${sink.name}: ${countIn(path, ids)} of ${ids.length} demo decisions in ${path}`);
  }
  const text = sinks.map((s) => readIfExists(String(s.path))).join('');
  const leaked = [DEMO_FAKE_AWS_KEY, DEMO_FAKE_GITHUB_TOKEN].filter((s) => text.includes(s));
  console.log(
    leaked.length === 0
      ? 'planted fake AWS key and GitHub token: redacted in every sink ([REDACTED:...])'
      : `WARNING: planted fake credentials found in a sink: ${leaked.length}`,
  );
  console.log(`delivery evidence records for the demo: ${await countEvidence(config, ids)}`);
  console.log('look at: .cavra/out/*.ndjson (one CloudEvent per line), or `cavra dlq list`');
  if (allSink && found < ids.length) {
    throw new Error(`only ${found} of ${ids.length} decisions reached ${allSink.name} in time`);
  }
}

async function countEvidence(config: CavraConfig, decisionIds: string[]): Promise<number> {
  const wanted = new Set(decisionIds);
  const logger = createLogger({ name: 'cavra-demo', level: 'warn', destination: process.stderr });
  const bus = createBus(config.bus, logger);
  let count = 0;
  try {
    await readTopic(bus, Topics.deliveryEvidence, {}, (message) => {
      const event = JSON.parse(message.value) as { type?: string; data?: { eventId?: string } };
      if (event.type !== EventTypes.deliveryEvidence) return;
      // Evidence names the CloudEvent id; the decision service uses the decision id for it.
      if (wanted.has(event.data?.eventId ?? '')) count += 1;
    });
  } finally {
    await bus.close();
  }
  return count;
}

function countIn(path: string, ids: string[]): number {
  const text = readIfExists(path);
  return ids.filter((id) => text.includes(`"decisionId":"${id}"`)).length;
}

function readIfExists(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** A plain aligned table: readable in any terminal and in CI logs. */
function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, col) => cell.padEnd(widths?.[col] ?? 0)).join('  '));
    if (i === 0) console.log(widths?.map((w) => '-'.repeat(w)).join('  '));
  }
}
