/**
 * An open-loop load generator for a fixed request rate: requests are sent on a schedule spread
 * evenly over time (not as fast as possible until a per-second quota is used up, as autocannon's
 * `overallRate` does, which makes "half load" a full-load burst every second). Latency is
 * measured from the moment a request was due, so a server that falls behind is charged for
 * the requests waiting to be sent too.
 */
import { Pool } from 'undici';
import type { LoadJob, LoadSummary } from './load.ts';

/** How often the schedule is checked; requests due since the last check go out together. */
const TICK_MS = 1;

export async function runPaced(job: LoadJob & { overallRate: number }): Promise<LoadSummary> {
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: job.connections, pipelining: 1 });
  const total = Math.round(job.overallRate * job.durationSec);
  const intervalMs = 1000 / job.overallRate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;

  const send = async (index: number, dueAt: number): Promise<void> => {
    try {
      const res = await pool.request({
        path: url.pathname,
        method: 'POST',
        headers: job.headers,
        body: job.bodies[index % job.bodies.length],
      });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) non2xx += 1;
      latencies.push(performance.now() - dueAt);
    } catch {
      errors += 1;
    }
  };

  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    for (; sent < due; sent++) inFlight.push(send(sent, start + sent * intervalMs));
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(inFlight);
  const elapsedSec = (performance.now() - start) / 1000;
  await pool.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(latencies.length * q)] ?? 0).toFixed(2));
  return {
    requestsPerSec: latencies.length / elapsedSec,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    total: latencies.length,
    non2xx,
    errors,
  };
}
