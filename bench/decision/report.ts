import type { LoadSummary } from './load.ts';

/** One measured target: full load and the fixed half-of-ceiling rate. */
export interface Row {
  name: string;
  full: LoadSummary;
  half: LoadSummary;
  halfRate: number;
  /** At half of this target's own full-load throughput. */
  ownHalf: LoadSummary;
  ownHalfRate: number;
  /** Server CPU time (user + system) per request at full load, in microseconds. */
  cpuUsPerRequest: number;
}

export interface Machine {
  durationSec: number;
  connections: number;
  cpus: number;
  cpuModel: string;
  node: string;
  /** 1-minute load average before and after the run. */
  loadBefore: number;
  loadAfter: number;
}

const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 10;

/** REPORT.md: the table, ratios against the ceiling, and whether the goals were met. */
export function renderReport(rows: Row[], machine: Machine): string {
  const ceiling = rows[0];
  if (!ceiling) throw new Error('no rows measured');
  const lines = [
    '# Decision service benchmark',
    '',
    `Measured ${new Date().toISOString()} with \`pnpm exec tsx bench/decision/run.ts\`:`,
    `${machine.cpus} CPU (${machine.cpuModel}), Node.js ${machine.node}; autocannon in a`,
    `separate process, ${machine.connections} connections, ${machine.durationSec} s per run after`,
    'a 2 s warm-up. Fixed-rate runs use the evenly paced open-loop generator of paced.ts',
    '(latency counted from when a request was due). The machine is shared, so numbers move',
    `between runs; 1-minute load average ${machine.loadBefore.toFixed(2)} before the run, ` +
      `${machine.loadAfter.toFixed(2)} after.`,
    '',
    '| target | req/s | x ceiling | p50 ms | p99 ms | server CPU us/req | ' +
      'p99 ms at half ceiling load (server) | p99 ms at half own load (server) | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const ratio = r.full.requestsPerSec / ceiling.full.requestsPerSec;
      const errors = r.full.errors + r.full.non2xx + r.half.errors + r.half.non2xx;
      return (
        `| ${r.name} | ${r.full.requestsPerSec.toFixed(0)} | ${ratio.toFixed(2)} | ` +
        `${r.full.p50Ms} | ${r.full.p99Ms} | ${r.cpuUsPerRequest.toFixed(0)} | ` +
        `${r.half.p99Ms} (${r.half.serverP99Ms}) | ` +
        `${r.ownHalf.p99Ms} (${r.ownHalf.serverP99Ms}) at ${r.ownHalfRate} req/s | ${errors} |`
      );
    }),
    '',
    `Half ceiling load is ${ceiling.halfRate} req/s for every target; a target slower than`,
    'that is overloaded there, so its own half load is shown too. In brackets: the p99 the',
    'server measured itself (request received to response sent), which leaves out time the',
    'load generator waited for a CPU on this shared machine.',
    '',
    'Analysis, CPU per request across runs and the changes made: services/decision/README.md.',
    '',
    '## Goals',
    '',
    ...rows.slice(1).map((r) => {
      const ratio = r.full.requestsPerSec / ceiling.full.requestsPerSec;
      const okRatio = ratio >= GOAL_RATIO ? 'met' : 'missed';
      const okP99 = r.half.p99Ms < GOAL_P99_MS ? 'met' : 'missed';
      const server = r.half.serverP99Ms ?? Number.NaN;
      return (
        `- ${r.name}: throughput ${ratio.toFixed(2)}x ceiling (goal >= ${GOAL_RATIO}: ${okRatio}); ` +
        `p99 at half ceiling load ${r.half.p99Ms} ms (goal < ${GOAL_P99_MS} ms: ${okP99}; ` +
        `server-side ${server} ms)`
      );
    }),
    '',
  ];
  return lines.join('\n');
}
