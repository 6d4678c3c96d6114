import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBus, createEmbeddedBus } from '../src/index.ts';
import { busContract, labelOf, outgoing, waitFor } from './contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'cavra-bus-'));
const path = join(dir, 'bus.db');
let topics = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

busContract('embedded (SQLite)', {
  open: async () => createEmbeddedBus({ path, pollIntervalMs: 20 }),
  // The killed member's lease lasts 500 ms; the survivor takes over once it expires.
  crashConfig: () => ({ kind: 'embedded', path, leaseMs: 500, pollIntervalMs: 20 }),
  topic: () => `cavra.test.t${++topics}`,
  waitMs: 10_000,
});

describe('embedded bus specifics', () => {
  it('lets one member of a group read at a time; a waiting member takes over on stop', async () => {
    const bus = createBus({ kind: 'embedded', path, pollIntervalMs: 20 });
    const topic = 'cavra.test.lease';
    const first: string[] = [];
    const second: string[] = [];
    const a = await bus.subscribe(topic, 'g', async (e) => void first.push(labelOf(e)));
    await bus.subscribe(topic, 'g', async (e) => void second.push(labelOf(e)));
    await bus.publish(topic, [outgoing('acme:x', 'one')]);
    await waitFor(() => first.length === 1, 5000, 'the first member');

    await a.stop();
    await bus.publish(topic, [outgoing('acme:x', 'two')]);
    await waitFor(() => second.length === 1, 5000, 'the second member');
    expect([first, second]).toEqual([['one'], ['two']]);
    await bus.close();
  });

  it('rejects a bad topic name, naming the field and the value', async () => {
    const bus = createEmbeddedBus({ path });
    await expect(bus.publish('bad topic!', [outgoing('k', 'v')])).rejects.toThrow(
      /topic: expected .* got "bad topic!"/,
    );
    await bus.close();
  });
});
