import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSender, mapNdjsonLine } from '../src/index.ts';
import { sampleEvent } from './fixtures.ts';

describe('file sender', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cavra-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends exactly one NDJSON line per event, creating folders', async () => {
    const sender = new FileSender(join(dir, 'out', 'siem.ndjson'));
    const first = sampleEvent({}, 'evt-1');
    const second = sampleEvent({ outcome: 'allow' }, 'evt-2');

    const r1 = await sender.send(mapNdjsonLine(first));
    const r2 = await sender.send(mapNdjsonLine(second));

    const text = readFileSync(join(dir, 'out', 'siem.ndjson'), 'utf8');
    expect(text).toBe(`${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);
    expect(r1).toEqual({ status: 'delivered', receipt: { file: 'siem.ndjson', offset: '0' } });
    const offset = String(Buffer.byteLength(JSON.stringify(first)) + 1);
    expect(r2).toEqual({ status: 'delivered', receipt: { file: 'siem.ndjson', offset } });
  });

  it('finds an appended event by id, and ignores a torn last line', async () => {
    const path = join(dir, 'siem.ndjson');
    const sender = new FileSender(path);
    expect(await sender.lookup('evt-1')).toBe('unknown');

    await sender.send(mapNdjsonLine(sampleEvent({}, 'evt-1')));
    writeFileSync(path, '{"id":"evt-2","tru', { flag: 'a' });

    expect(await sender.lookup('evt-1')).toEqual({ file: 'siem.ndjson', offset: '0' });
    expect(await sender.lookup('evt-2')).toBe('unknown');
  });

  it('reports a path it can never write as failed', async () => {
    const sender = new FileSender(dir); // a directory
    expect(await sender.send(mapNdjsonLine(sampleEvent()))).toMatchObject({
      status: 'failed',
      error: { code: 'EISDIR' },
    });
  });
});
