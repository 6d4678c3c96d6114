/**
 * A consumer process for the crash test: handles two events, then hangs on the third until it
 * is killed with SIGKILL, never committing the third event nor leaving its group cleanly.
 * Arguments: a JSON `BusConfig`, the topic and the group.
 */
import { createBus, type BusConfig } from '../src/index.ts';

const [config, topic, group] = process.argv.slice(2) as [string, string, string];
const bus = createBus(JSON.parse(config) as BusConfig);
let handled = 0;
await bus.subscribe(topic, group, async () => {
  if (handled === 2) {
    process.stdout.write('hanging\n');
    await new Promise(() => undefined);
  }
  handled += 1;
});
