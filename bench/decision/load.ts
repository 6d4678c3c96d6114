/**
 * The load generator, run in its own process (forked by run.ts) so it never shares the event
 * loop of the server it measures. Receives one job per message, answers its summary: full load
 * with autocannon, a fixed rate with the evenly paced generator of paced.ts.
 */
import autocannon from 'autocannon';
import { runPaced } from './paced.ts';

export interface LoadJob {
  url: string;
  connections: number;
  durationSec: number;
  /** Requests per second over all connections; absent for full load. */
  overallRate?: number;
  headers: Record<string, string>;
  bodies: string[];
}

export interface LoadSummary {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  /** p99 of the durations the server measured itself (filled in by run.ts). */
  serverP99Ms?: number;
}

/** Full load: every connection sends its next request as soon as the last one is answered. */
async function runJob(job: LoadJob): Promise<LoadSummary> {
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationSec,
    requests: job.bodies.map((body) => ({ method: 'POST', headers: job.headers, body })),
  });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

process.on('message', (job: LoadJob) => {
  const run =
    job.overallRate === undefined
      ? runJob(job)
      : runPaced({ ...job, overallRate: job.overallRate });
  run.then(
    (summary) => process.send?.({ ok: true, summary }),
    (err: unknown) => process.send?.({ ok: false, error: String(err) }),
  );
});
