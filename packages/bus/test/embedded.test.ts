import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createBus, createEmbeddedBus } from '../src/index.ts';
import { busContract, labelOf, outgoing, waitFor } from './contract.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cavra-bus-'));
const path = join(dir, 'bus.db');
let topics = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

busContract('embedded (SQLite)', {
  open: async () => createEmbeddedBus({ path, pollIntervalMs: 20 }),
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

describe('embedded bus across a process crash', () => {
  it('gives what a killed member left uncommitted to the next one after its lease', async () => {
    const topic = 'cavra.test.crash';
    const bus = createEmbeddedBus({ path, pollIntervalMs: 20 });
    await bus.publish(
      topic,
      ['c0', 'c1', 'c2', 'c3'].map((label) => outgoing('acme:crash', label)),
    );

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(HERE, 'embedded-crash-child.ts'), path, topic, 'crash-group'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes('hanging'), 20_000, 'the child to hang on c2');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    const seen: string[] = [];
    await bus.subscribe(topic, 'crash-group', async (e) => void seen.push(labelOf(e)));
    await waitFor(() => seen.length >= 2, 10_000, 'the takeover');
    expect(seen).toEqual(['c2', 'c3']);
    await bus.close();
  }, 40_000);
});
