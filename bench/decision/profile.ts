/**
 * Runs one target under full load for profiling:
 * `node --import tsx --cpu-prof bench/decision/profile.ts [sqlite|sqlite-relay|postgres] [seconds]`;
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LoadSummary } from './load.ts';
import { BENCH_KEY, startPostgresTarget, startSqliteTarget } from './targets.ts';

const kind = process.argv[2] ?? 'sqlite';
const target =
  kind === 'postgres'
    ? await startPostgresTarget('postgres://postgres@127.0.0.1:5432/test')
    : await startSqliteTarget({ relay: kind === 'sqlite-relay' });
const loader = fork(new URL('./load.ts', import.meta.url).pathname, [], {
  execArgv: ['--import', 'tsx'],
});
const cpuBefore = process.cpuUsage();
const loopBefore = mainThreadCpuUs();
const summary = await new Promise<LoadSummary>((resolve) => {
  loader.once('message', (m: { summary: LoadSummary }) => resolve(m.summary));
  loader.send({
    url: `${target.url}/v1/decisions`,
    connections: 50,
    durationSec: Number(process.argv[3] ?? 8),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` },
    bodies: [
      JSON.stringify({
        sessionId: 'p',
        agent: { id: 'a' },
        actor: 'x',
        action: { type: 'write_file', target: 'src/a.ts' },
      }),
    ],
  });
});
const cpu = process.cpuUsage(cpuBefore);
const cpuUs = ((cpu.user + cpu.system) / summary.total).toFixed(1);
// The main thread's share: it bounds throughput when work moved to other threads has a core.
const loopUs = ((mainThreadCpuUs() - loopBefore) / summary.total).toFixed(1);
console.log(kind, summary.requestsPerSec.toFixed(0), 'req/s', cpuUs, 'us CPU/req,', loopUs, 'main');
loader.kill();
await target.close();

/** CPU time of the main thread alone (Linux: its task's utime + stime, in clock ticks). */
function mainThreadCpuUs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000;
}
