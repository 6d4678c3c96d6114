/**
 * Decision-service benchmark: autocannon (in a child process) against a bare fastify endpoint
 * answering a fixed decision (the ceiling), then POST /v1/decisions on the SQLite and the
 * PostgreSQL store. Full load first (throughput, p50, p99), then p99 at half the ceiling's
 * rate, sent evenly paced (paced.ts). Writes bench/decision/REPORT.md.
 *
 *   pnpm exec tsx bench/decision/run.ts [--duration 10] [--connections 50] [--no-postgres]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { LoadJob, LoadSummary } from './load.ts';
import { renderReport, type Row } from './report.ts';
import {
  BENCH_KEY,
  startCeiling,
  startPostgresTarget,
  startSqliteTarget,
  type Target,
} from './targets.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'no-postgres': { type: 'boolean', default: false },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    output: { type: 'string', default: new URL('./REPORT.md', import.meta.url).pathname },
  },
});
const durationSec = Number(args.duration);
const connections = Number(args.connections);

/** Request bodies the load cycles through: an allow, a block, an approval, a command. */
const BODIES = [
  { type: 'write_file', target: 'src/app/service.ts' },
  { type: 'read_file', target: '.env' },
  { type: 'write_file', target: '.github/workflows/ci.yml' },
  { type: 'execute_command', target: 'terraform plan -out plan.bin' },
].map((action, i) =>
  JSON.stringify({
    sessionId: `bench-${i}`,
    agent: { id: 'bench-agent', name: 'bench' },
    actor: 'bench@example.test',
    action,
  }),
);

const loader: ChildProcess = fork(new URL('./load.ts', import.meta.url).pathname, [], {
  execArgv: ['--import', 'tsx'],
});

function load(target: Target, overallRate?: number, seconds = durationSec): Promise<LoadSummary> {
  const job: LoadJob = {
    url: `${target.url}/v1/decisions`,
    connections,
    durationSec: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    bodies: BODIES,
    ...(overallRate !== undefined && { overallRate }),
  };
  target.serverTimes.length = 0;
  return new Promise((resolve, reject) => {
    loader.once('message', (m: { ok: boolean; summary?: LoadSummary; error?: string }) => {
      if (m.ok && m.summary) resolve({ ...m.summary, serverP99Ms: p99(target.serverTimes) });
      else reject(new Error(`load generator failed: ${m.error}`));
    });
    loader.send(job);
  });
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(2));
}

async function measure(target: Target, halfRate: number | undefined): Promise<Row> {
  try {
    await load(target, undefined, 2); // warm-up: JIT, connection pools, SQLite page cache
    const cpuBefore = process.cpuUsage();
    const full = await load(target);
    const cpu = process.cpuUsage(cpuBefore);
    // Server CPU per request: unlike req/s, barely moved by other load on a shared machine.
    const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, full.total);
    const ownHalfRate = Math.round(full.requestsPerSec / 2);
    const rate = halfRate ?? ownHalfRate;
    const half = await load(target, rate);
    const ownHalf = halfRate === undefined ? half : await load(target, ownHalfRate);
    console.log(
      `${target.name}: ${full.requestsPerSec.toFixed(0)} req/s, p50 ${full.p50Ms} ms, ` +
        `p99 ${full.p99Ms} ms, ${cpuUsPerRequest.toFixed(0)} us CPU/req; ` +
        `at ${rate} req/s p99 ${half.p99Ms} ms (server ${half.serverP99Ms} ms); ` +
        `at ${ownHalfRate} req/s p99 ${ownHalf.p99Ms} ms (server ${ownHalf.serverP99Ms} ms)`,
    );
    return { name: target.name, full, half, halfRate: rate, ownHalf, ownHalfRate, cpuUsPerRequest };
  } finally {
    await target.close();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const fixed = JSON.parse(await fixedDecision()) as unknown;
  const ceiling = await measure(await startCeiling(fixed), undefined);
  const half = ceiling.halfRate;
  const rows = [ceiling, await measure(await startSqliteTarget(), half)];
  rows.push(await measure(await startSqliteTarget({ relay: true }), half));
  if (!args['no-postgres'])
    rows.push(await measure(await startPostgresTarget(args.postgres), half));

  const report = renderReport(rows, {
    durationSec,
    connections,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
  });
  writeFileSync(args.output, report);
  console.log(`wrote ${args.output}`);
}

/** One real decision from the SQLite target, so the ceiling answers the same bytes. */
async function fixedDecision(): Promise<string> {
  const target = await startSqliteTarget();
  try {
    const response = await fetch(`${target.url}/v1/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
      body: BODIES[0],
    });
    return await response.text();
  } finally {
    await target.close();
  }
}

try {
  await main();
} finally {
  loader.kill();
}
