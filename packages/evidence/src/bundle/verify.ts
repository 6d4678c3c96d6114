import { createHash, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidenceError } from '../errors.ts';
import { keyIdOf, parsePublicKey } from '../keys.ts';
import { checkChainText } from './chain-check.ts';
import type { BundleProblem } from './chain-check.ts';
import {
  BundleManifest,
  EMBEDDED_PUBLIC_KEY_FILE,
  MANIFEST_FILE,
  RECORDS_DIR,
} from './manifest.ts';
import type { ManifestChain } from './manifest.ts';

export interface VerifyBundleOptions {
  /** The signer's public key (PEM or key object). Without it the bundle's own key is used. */
  publicKey?: string | KeyObject;
}

export interface VerifyBundleResult {
  ok: boolean;
  /** In the order found; within a records file, the first names the first bad record. */
  problems: BundleProblem[];
  /** The key id the manifest names. */
  keyId?: string;
  /** `embedded`: checked with the bundle's own public key, which proves integrity, not origin. */
  keySource?: 'provided' | 'embedded';
  notices: string[];
  chains: ManifestChain[];
}

/** Verifies a bundle offline: signature, file hashes, every entry's hash and every chain link. */
export async function verifyBundle(
  dir: string,
  options: VerifyBundleOptions = {},
): Promise<VerifyBundleResult> {
  const problems: BundleProblem[] = [];
  const notices: string[] = [];
  const loaded = await readManifest(dir, problems);
  if (!loaded) return { ok: false, problems, notices, chains: [] };
  const { manifest, bytes } = loaded;

  const keySource = await checkSignature(dir, manifest, bytes, options, problems);
  if (keySource === 'embedded') {
    notices.push(
      `signature checked with the bundle's embedded public key (key id ` +
        `${manifest.signature.keyId}); pin the signer's key with --public-key to prove origin`,
    );
  }

  const contents = await checkFiles(dir, manifest, problems);
  for (const chain of manifest.chains) {
    const text = contents.get(chain.file);
    if (text === undefined) {
      if (!manifest.files.some((f) => f.path === chain.file)) {
        const message = `chain of tenant ${chain.tenant} names a file the manifest does not pin`;
        problems.push({ code: 'manifest_invalid', file: chain.file, message });
      }
      continue;
    }
    problems.push(...checkChainText(text, chain));
  }

  return {
    ok: problems.length === 0,
    problems,
    keyId: manifest.signature.keyId,
    ...(keySource && { keySource }),
    notices,
    chains: manifest.chains,
  };
}

async function readManifest(
  dir: string,
  problems: BundleProblem[],
): Promise<{ manifest: BundleManifest; bytes: Buffer } | undefined> {
  const bytes = await readOptional(join(dir, MANIFEST_FILE));
  if (!bytes) {
    problems.push({ code: 'manifest_missing', file: MANIFEST_FILE, message: 'no manifest.json' });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    problems.push({ code: 'manifest_invalid', file: MANIFEST_FILE, message: 'not JSON' });
    return undefined;
  }
  const result = BundleManifest.safeParse(parsed);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.join('.') || '(root)';
    const message = `not a version 1 bundle manifest: ${where}: ${first?.message ?? 'invalid'}`;
    problems.push({ code: 'manifest_invalid', file: MANIFEST_FILE, message });
    return undefined;
  }
  return { manifest: result.data, bytes };
}

async function checkSignature(
  dir: string,
  manifest: BundleManifest,
  bytes: Buffer,
  options: VerifyBundleOptions,
  problems: BundleProblem[],
): Promise<'provided' | 'embedded' | undefined> {
  const file = manifest.signature.file;
  const signature = await readOptional(join(dir, file));
  if (!signature) {
    problems.push({ code: 'signature_missing', file, message: `no ${file}` });
    return undefined;
  }
  const key = await resolvePublicKey(dir, options, problems);
  if (!key) return undefined;

  const keyId = keyIdOf(key.key);
  if (keyId !== manifest.signature.keyId) {
    const signer = manifest.signature.keyId;
    const message = `the public key's id ${keyId} is not the signer's key id ${signer}`;
    problems.push({ code: 'key_mismatch', file, message });
  } else if (!verify(null, bytes, key.key, signature)) {
    const message = 'the signature does not match manifest.json (manifest or signature changed)';
    problems.push({ code: 'signature_invalid', file, message });
  }
  return key.source;
}

async function resolvePublicKey(
  dir: string,
  options: VerifyBundleOptions,
  problems: BundleProblem[],
): Promise<{ key: KeyObject; source: 'provided' | 'embedded' } | undefined> {
  if (options.publicKey !== undefined) {
    const key =
      typeof options.publicKey === 'string' ? parsePublicKey(options.publicKey) : options.publicKey;
    return { key, source: 'provided' };
  }
  const pem = await readOptional(join(dir, EMBEDDED_PUBLIC_KEY_FILE));
  if (!pem) {
    const message = 'no public key given and no embedded public-key.pem';
    problems.push({ code: 'public_key_missing', file: EMBEDDED_PUBLIC_KEY_FILE, message });
    return undefined;
  }
  try {
    return { key: parsePublicKey(pem.toString('utf8')), source: 'embedded' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.push({ code: 'public_key_invalid', file: EMBEDDED_PUBLIC_KEY_FILE, message });
    return undefined;
  }
}

/** Checks each pinned file's size and sha256; returns the text of those that could be read. */
async function checkFiles(
  dir: string,
  manifest: BundleManifest,
  problems: BundleProblem[],
): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const pinned of manifest.files) {
    const bytes = await readOptional(join(dir, pinned.path));
    if (!bytes) {
      problems.push({
        code: 'file_missing',
        file: pinned.path,
        message: `${pinned.path} is missing`,
      });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== pinned.sha256 || bytes.length !== pinned.bytes) {
      const message =
        `${pinned.path} changed: ${bytes.length} bytes with sha256 ${sha256}, ` +
        `the manifest pins ${pinned.bytes} bytes with sha256 ${pinned.sha256}`;
      problems.push({ code: 'file_hash_mismatch', file: pinned.path, message });
    }
    contents.set(pinned.path, bytes.toString('utf8'));
  }

  const pinnedPaths = new Set(manifest.files.map((f) => f.path));
  for (const name of (await readdir(join(dir, RECORDS_DIR)).catch(() => [])).sort()) {
    const path = `${RECORDS_DIR}/${name}`;
    if (!pinnedPaths.has(path)) {
      problems.push({
        code: 'unexpected_file',
        file: path,
        message: `${path} is not in the manifest`,
      });
    }
  }
  return contents;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EvidenceError('io_failed', `read ${path}: ${String(err)}`, false, { cause: err });
  }
}
