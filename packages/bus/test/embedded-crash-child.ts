/**
 * A consumer process for the crash test: handles two events, then hangs on the third until it
 * is killed with SIGKILL, never releasing its group lease or committing the third event.
 */
import { createEmbeddedBus } from '../src/index.ts';

const [path, topic, group] = process.argv.slice(2) as [string, string, string];
const bus = createEmbeddedBus({ path, leaseMs: 500, pollIntervalMs: 20 });
let handled = 0;
await bus.subscribe(topic, group, async () => {
  if (handled === 2) {
    process.stdout.write('hanging\n');
    await new Promise(() => undefined);
  }
  handled += 1;
});
