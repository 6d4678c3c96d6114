import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASELINE_PACK_ID, PolicyRegistry } from '../src/index.ts';

describe('PolicyRegistry.fromDirectory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cavra-policy-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the built-in packs plus every *.yaml and *.yml file, and nothing else', async () => {
    await writeFile(
      join(dir, 'a.yaml'),
      'id: team-a\nversion: 1.0.0\ninherits: [cavra-baseline]\n',
    );
    await writeFile(join(dir, 'b.yml'), 'id: team-b\nversion: 0.1.0\n');
    await writeFile(join(dir, 'notes.txt'), 'not a pack');
    const registry = PolicyRegistry.fromDirectory(dir);
    expect(registry.ids()).toEqual([BASELINE_PACK_ID, 'team-a', 'team-b']);
    expect(registry.get('team-a').source).toBe(join(dir, 'a.yaml'));
    expect(registry.get('team-a').lineage).toEqual(['team-a', BASELINE_PACK_ID]);
  });

  it('names the file of a bad pack', async () => {
    await writeFile(join(dir, 'bad.yaml'), 'id: bad\nversion: 1\n');
    expect(() => PolicyRegistry.fromDirectory(dir)).toThrow(
      expect.objectContaining({ code: 'invalid_pack', source: join(dir, 'bad.yaml') }),
    );
  });

  it('reports a missing directory as a retryable io_error', () => {
    expect(() => PolicyRegistry.fromDirectory(join(dir, 'missing'))).toThrow(
      expect.objectContaining({ code: 'io_error', retryable: true }),
    );
  });

  it('refuses a pack that reuses a built-in id', async () => {
    await writeFile(join(dir, 'x.yaml'), `id: ${BASELINE_PACK_ID}\nversion: 9.0.0\n`);
    expect(() => PolicyRegistry.fromDirectory(dir)).toThrow(
      expect.objectContaining({ code: 'duplicate_pack' }),
    );
  });
});
