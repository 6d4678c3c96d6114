import { createHash, sign } from 'node:crypto';
import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../entry.ts';
import type { EvidenceEntry } from '../entry.ts';
import { EvidenceError, invalidInput } from '../errors.ts';
import { checkTenant, toUtcIso } from '../input.ts';
import { loadSigningKey } from '../keys.ts';
import type { SigningKey } from '../keys.ts';
import type { EvidenceLedger } from '../ledger.ts';
import { MAX_LIST_LIMIT } from '../ledger.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  EMBEDDED_PUBLIC_KEY_FILE,
  HASH_RULE,
  MANIFEST_FILE,
  RECORDS_DIR,
  SIGNATURE_FILE,
  recordsFileOf,
} from './manifest.ts';
import type { BundleManifest, ManifestChain } from './manifest.ts';

export interface WriteBundleOptions {
  /** Created when absent; must be empty when present. */
  outputDir: string;
  /** Only this tenant's chain; default every tenant in the ledger. */
  tenant?: string;
  /** Entries recorded at or after this instant. */
  since?: string;
  /** Entries recorded before this instant. */
  until?: string;
  /** The Ed25519 private key as PEM. */
  signingKey: string;
  /** When given, must be the key id of `signingKey` (guards against signing with the wrong key). */
  keyId?: string;
}

export interface BundleSummary {
  outputDir: string;
  keyId: string;
  records: number;
  chains: ManifestChain[];
}

/**
 * Writes a signed bundle: `records/<tenant>.ndjson` per tenant (one canonical-JSON entry per
 * line, seq order), `manifest.json`, `manifest.sig` (raw 64-byte Ed25519 signature over the
 * manifest bytes) and `public-key.pem`.
 */
export async function writeBundle(
  ledger: EvidenceLedger,
  options: WriteBundleOptions,
): Promise<BundleSummary> {
  const key = loadSigningKey(options.signingKey);
  if (options.keyId !== undefined && options.keyId !== key.keyId) {
    throw invalidInput('keyId', `the signing key's id ${key.keyId}`, options.keyId);
  }
  const since = options.since === undefined ? undefined : toUtcIso('since', options.since);
  const until = options.until === undefined ? undefined : toUtcIso('until', options.until);
  const tenants =
    options.tenant === undefined ? await ledger.tenants() : [checkTenant(options.tenant)];
  await prepareOutputDir(options.outputDir);

  const files: BundleManifest['files'] = [];
  const chains: ManifestChain[] = [];
  for (const tenant of tenants) {
    const written = await writeChainFile(ledger, options.outputDir, { tenant, since, until });
    files.push(written.file);
    chains.push({ ...written.chain, ledgerHead: await ledger.head(tenant) });
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    filter: { tenant: options.tenant ?? null, since: since ?? null, until: until ?? null },
    hashRule: HASH_RULE,
    signature: { algorithm: 'Ed25519', keyId: key.keyId, file: SIGNATURE_FILE },
    files,
    chains,
  };
  await signAndWrite(options.outputDir, manifest, key);
  const records = chains.reduce((n, c) => n + c.records, 0);
  return { outputDir: options.outputDir, keyId: key.keyId, records, chains };
}

async function prepareOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(join(dir, RECORDS_DIR), { recursive: true });
    const present = await readdir(dir);
    const records = await readdir(join(dir, RECORDS_DIR));
    if (present.length > 1 || records.length > 0) {
      throw invalidInput('outputDir', 'an empty or new directory', dir);
    }
  } catch (err) {
    if (err instanceof EvidenceError) throw err;
    throw new EvidenceError('io_failed', `prepare ${dir}: ${String(err)}`, false, { cause: err });
  }
}

interface ChainRange {
  tenant: string;
  since: string | undefined;
  until: string | undefined;
}

/** Streams one tenant's range to its file, hashing as it goes. */
async function writeChainFile(
  ledger: EvidenceLedger,
  dir: string,
  range: ChainRange,
): Promise<{ file: BundleManifest['files'][number]; chain: Omit<ManifestChain, 'ledgerHead'> }> {
  const path = recordsFileOf(range.tenant);
  const handle = await open(join(dir, path), 'wx');
  const digest = createHash('sha256');
  let bytes = 0;
  let first: EvidenceEntry | undefined;
  let last: EvidenceEntry | undefined;
  let records = 0;
  try {
    for await (const page of contiguousPages(ledger, range)) {
      const text = page.map((e) => `${canonicalJson(e)}\n`).join('');
      const buffer = Buffer.from(text, 'utf8');
      await handle.write(buffer);
      digest.update(buffer);
      bytes += buffer.length;
      first ??= page[0];
      last = page[page.length - 1] ?? last;
      records += page.length;
    }
  } finally {
    await handle.close();
  }
  return {
    file: { path, sha256: digest.digest('hex'), bytes },
    chain: {
      tenant: range.tenant,
      file: path,
      records,
      first: first ? { seq: first.seq, prevHash: first.prevHash } : null,
      head: last ? { seq: last.seq, hash: last.hash } : null,
    },
  };
}

/**
 * Yields the entries from the first to the last one recorded in [since, until), in seq order,
 * with no gaps: a chain range with a hole could not be verified, and appenders' clocks may
 * disagree slightly, so a time filter alone might skip an entry in the middle.
 */
async function* contiguousPages(
  ledger: EvidenceLedger,
  range: ChainRange,
): AsyncGenerator<EvidenceEntry[]> {
  const bounds = await seqBounds(ledger, range);
  if (!bounds) return;

  let afterSeq = bounds.min - 1;
  while (afterSeq < bounds.max) {
    const limit = Math.min(MAX_LIST_LIMIT, bounds.max - afterSeq);
    const page = await ledger.list({ tenant: range.tenant, afterSeq, limit });
    if (page.length === 0) return;
    yield page;
    afterSeq = page[page.length - 1]?.seq ?? bounds.max;
  }
}

async function seqBounds(
  ledger: EvidenceLedger,
  range: ChainRange,
): Promise<{ min: number; max: number } | undefined> {
  if (range.since === undefined && range.until === undefined) {
    const head = await ledger.head(range.tenant);
    return head.seq === 0 ? undefined : { min: 1, max: head.seq };
  }
  let min = Infinity;
  let max = -Infinity;
  let afterSeq = 0;
  for (;;) {
    const page = await ledger.list({ ...timeFilter(range), afterSeq, limit: MAX_LIST_LIMIT });
    for (const entry of page) {
      min = Math.min(min, entry.seq);
      max = Math.max(max, entry.seq);
    }
    const lastEntry = page[page.length - 1];
    if (!lastEntry || page.length < MAX_LIST_LIMIT) break;
    afterSeq = lastEntry.seq;
  }
  return min === Infinity ? undefined : { min, max };
}

function timeFilter(range: ChainRange): { tenant: string; since?: string; until?: string } {
  return {
    tenant: range.tenant,
    ...(range.since !== undefined && { since: range.since }),
    ...(range.until !== undefined && { until: range.until }),
  };
}

async function signAndWrite(dir: string, manifest: BundleManifest, key: SigningKey): Promise<void> {
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = sign(null, bytes, key.privateKey);
  await writeFile(join(dir, MANIFEST_FILE), bytes, { flag: 'wx' });
  await writeFile(join(dir, SIGNATURE_FILE), signature, { flag: 'wx' });
  await writeFile(join(dir, EMBEDDED_PUBLIC_KEY_FILE), key.publicKeyPem, { flag: 'wx' });
}
