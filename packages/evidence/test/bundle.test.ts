import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  canonicalEntryBytes,
  createSqliteLedger,
  generateKeyPair,
  sealEntry,
  verifyBundle,
  writeBundle,
} from '../src/index.ts';
import type {
  BundleProblem,
  EvidenceEntry,
  EvidenceLedger,
  SigningKeyPair,
  VerifyBundleResult,
} from '../src/index.ts';
import { record } from './contract.ts';

let ledger: EvidenceLedger;
let keys: SigningKeyPair;
let root: string;
let dir: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cavra-bundle-'));
  ledger = await createSqliteLedger({ path: ':memory:' });
  keys = generateKeyPair();
  await ledger.appendMany(Array.from({ length: 10 }, (_, i) => record('acme', i + 1)));
  await ledger.appendMany([record('globex', 1), record('globex', 2), record('globex', 3)]);
});
afterAll(async () => {
  await ledger.close();
  rmSync(root, { recursive: true, force: true });
});

let bundleCount = 0;
async function freshBundle(options: { tenant?: string; since?: string } = {}): Promise<string> {
  bundleCount += 1;
  const outputDir = join(root, `bundle-${bundleCount}`);
  await writeBundle(ledger, { outputDir, signingKey: keys.privateKeyPem, ...options });
  return outputDir;
}

const acmeFile = (): string => join(dir, 'records', 'acme.ndjson');
const readLines = (): string[] => readFileSync(acmeFile(), 'utf8').trimEnd().split('\n');
const writeLines = (lines: string[]): void => writeFileSync(acmeFile(), `${lines.join('\n')}\n`);
const verifyPinned = (): Promise<VerifyBundleResult> =>
  verifyBundle(dir, { publicKey: keys.publicKeyPem });

/** The first problem that names a record: the one an auditor is pointed to. */
function firstBadRecord(result: VerifyBundleResult): BundleProblem | undefined {
  return result.problems.find((p) => p.seq !== undefined);
}

describe('writeBundle and verifyBundle', () => {
  beforeEach(async () => {
    dir = await freshBundle();
  });

  it('writes one file per tenant, a signed manifest and verifies clean', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      chains: { tenant: string; records: number; head: { seq: number } }[];
      signature: { keyId: string };
    };
    expect(manifest.chains.map((c) => [c.tenant, c.records, c.head.seq])).toEqual([
      ['acme', 10, 10],
      ['globex', 3, 3],
    ]);
    expect(manifest.signature.keyId).toBe(keys.keyId);
    expect(readFileSync(join(dir, 'manifest.sig'))).toHaveLength(64);

    const result = await verifyPinned();
    expect(result).toMatchObject({ ok: true, problems: [], keySource: 'provided', notices: [] });
  });

  it('verifies with the embedded key and says the key should be pinned', async () => {
    const result = await verifyBundle(dir);
    expect(result.ok).toBe(true);
    expect(result.keySource).toBe('embedded');
    expect(result.notices.join(' ')).toMatch(/embedded public key .* pin/);
  });

  it('names the changed record when a record field is edited', async () => {
    const lines = readLines();
    lines[3] = (lines[3] as string).replace('"outcome":"allow"', '"outcome":"block"');
    writeLines(lines);

    const result = await verifyPinned();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain('file_hash_mismatch');
    expect(firstBadRecord(result)).toMatchObject({
      code: 'record_hash_mismatch',
      seq: 4,
      recordId: 'evt-acme-4',
    });
  });

  it('names the record after a deleted line', async () => {
    const lines = readLines();
    lines.splice(4, 1);
    writeLines(lines);

    const bad = firstBadRecord(await verifyPinned());
    expect(bad).toMatchObject({ code: 'chain_broken', seq: 6, recordId: 'evt-acme-6' });
    expect(bad?.message).toMatch(/expected seq 5 after seq 4/);
  });

  it('names a record deleted from the end by the head check', async () => {
    writeLines(readLines().slice(0, -1));
    const result = await verifyPinned();
    expect(result.problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['file_hash_mismatch', 'count_mismatch', 'head_mismatch']),
    );
    expect(result.problems.find((p) => p.code === 'head_mismatch')?.message).toMatch(
      /ends at seq 9, the manifest's head is seq 10/,
    );
  });

  it('names an inserted line even when its own hash is correct', async () => {
    const lines = readLines();
    const after = JSON.parse(lines[2] as string) as EvidenceEntry;
    const forged = sealEntry({ ...after, recordId: 'forged-1', record: { outcome: 'allow' } });
    lines.splice(3, 0, canonicalEntryBytes(forged).replace(/}$/, `,"hash":"${forged.hash}"}`));
    writeLines(lines);

    const bad = firstBadRecord(await verifyPinned());
    expect(bad).toMatchObject({ code: 'chain_broken', seq: 3, recordId: 'forged-1' });
  });

  it('names the first record out of place when two lines are swapped', async () => {
    const lines = readLines();
    [lines[1], lines[2]] = [lines[2] as string, lines[1] as string];
    writeLines(lines);

    const bad = firstBadRecord(await verifyPinned());
    expect(bad).toMatchObject({ code: 'chain_broken', seq: 3, recordId: 'evt-acme-3' });
    expect(bad?.message).toMatch(/expected seq 2 after seq 1/);
  });

  it('rejects a changed manifest by its signature', async () => {
    const path = join(dir, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"records": 10', '"records": 9'));

    const result = await verifyPinned();
    expect(result.problems[0]).toMatchObject({ code: 'signature_invalid', file: 'manifest.sig' });
  });

  it('rejects a rewritten chain whose manifest was recomputed but not re-signed', async () => {
    const entries = readLines().map((l) => JSON.parse(l) as EvidenceEntry);
    let prevHash = entries[0]?.prevHash as string;
    const rewritten = entries.map((e) => {
      const sealed = sealEntry({ ...e, prevHash, record: { ...(e.record as object), n: 0 } });
      prevHash = sealed.hash;
      return sealed;
    });
    writeLines(rewritten.map((e) => JSON.stringify(e)));
    const bytes = readFileSync(acmeFile());
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
      chains: { tenant: string; head: { seq: number; hash: string } }[];
    };
    const file = manifest.files.find((f) => f.path === 'records/acme.ndjson');
    Object.assign(file ?? {}, {
      sha256: (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    Object.assign(manifest.chains[0]?.head ?? {}, { hash: prevHash });
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);

    const result = await verifyPinned();
    expect(result.problems.map((p) => p.code)).toEqual(['signature_invalid']);
  });

  it('rejects a changed signature', async () => {
    const path = join(dir, 'manifest.sig');
    const signature = readFileSync(path);
    signature[10] = (signature[10] as number) ^ 0xff;
    writeFileSync(path, signature);

    const result = await verifyPinned();
    expect(result.problems.map((p) => p.code)).toEqual(['signature_invalid']);
  });

  it('rejects the wrong public key by its key id', async () => {
    const result = await verifyBundle(dir, { publicKey: generateKeyPair().publicKeyPem });
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.code).toBe('key_mismatch');
    expect(result.problems[0]?.message).toContain(keys.keyId);
  });

  it('rejects a replaced embedded key when the signer key is pinned', async () => {
    const other = generateKeyPair();
    writeFileSync(join(dir, 'public-key.pem'), other.publicKeyPem);
    expect((await verifyBundle(dir)).problems[0]?.code).toBe('key_mismatch');
    expect((await verifyPinned()).ok).toBe(true);
  });

  it('reports a missing records file and an unexpected one', async () => {
    rmSync(join(dir, 'records', 'globex.ndjson'));
    writeFileSync(join(dir, 'records', 'initech.ndjson'), '');
    const codes = (await verifyPinned()).problems.map((p) => p.code);
    expect(codes).toEqual(['file_missing', 'unexpected_file']);
  });
});

describe('bundle filters', () => {
  it('exports one tenant only', async () => {
    dir = await freshBundle({ tenant: 'globex' });
    const result = await verifyPinned();
    expect(result.ok).toBe(true);
    expect(result.chains.map((c) => c.tenant)).toEqual(['globex']);
  });

  it('exports a partial range that still verifies from its first prevHash', async () => {
    const tenth = (await ledger.get('acme', 10)) as EvidenceEntry;
    // Later entries need a later recordedAt than seq 10: wait for the clock to move on.
    await expect.poll(() => new Date().toISOString() > tenth.recordedAt).toBe(true);
    const later = await ledger.appendMany([record('acme', 11), record('acme', 12)]);

    dir = await freshBundle({ tenant: 'acme', since: later[0]?.recordedAt as string });
    const result = await verifyPinned();
    expect(result.ok).toBe(true);
    expect(result.chains[0]).toMatchObject({
      records: 2,
      first: { seq: 11, prevHash: tenth.hash },
      head: { seq: 12, hash: later[1]?.hash },
      ledgerHead: { seq: 12 },
    });
  });

  it('refuses to write into a directory that is not empty', async () => {
    dir = await freshBundle();
    await expect(
      writeBundle(ledger, { outputDir: dir, signingKey: keys.privateKeyPem }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
