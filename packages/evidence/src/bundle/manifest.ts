import { z } from 'zod';

/** The bundle format this code writes and reads. */
export const BUNDLE_FORMAT = 'cavra-evidence-bundle';
export const BUNDLE_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const EMBEDDED_PUBLIC_KEY_FILE = 'public-key.pem';
export const RECORDS_DIR = 'records';

const Hex64 = z.string().regex(/^[a-f0-9]{64}$/);
const Position = z.object({ seq: z.number().int().nonnegative(), hash: Hex64 });

/** One file of the bundle, as the manifest pins it. */
export const ManifestFile = z.object({
  path: z.string().min(1),
  sha256: Hex64,
  bytes: z.number().int().nonnegative(),
});

/** One tenant's exported range of its chain. */
export const ManifestChain = z.object({
  tenant: z.string().min(1),
  file: z.string().min(1),
  records: z.number().int().nonnegative(),
  /** The first exported entry's seq and prevHash: a partial range verifies from here. */
  first: z.object({ seq: z.number().int().positive(), prevHash: Hex64 }).nullable(),
  /** The last exported entry. */
  head: Position.nullable(),
  /** The tenant's chain head in the ledger when the bundle was written. */
  ledgerHead: Position,
});
export type ManifestChain = z.infer<typeof ManifestChain>;

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.string(),
  filter: z.object({
    tenant: z.string().nullable(),
    since: z.string().nullable(),
    until: z.string().nullable(),
  }),
  hashRule: z.string(),
  signature: z.object({
    algorithm: z.literal('Ed25519'),
    keyId: z.string().regex(/^[a-f0-9]{16}$/),
    file: z.literal(SIGNATURE_FILE),
  }),
  files: z.array(ManifestFile),
  chains: z.array(ManifestChain),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

export const HASH_RULE =
  'hash = sha256(RFC 8785 canonical JSON of the entry without "hash"); ' +
  'prevHash of seq 1 = 64 zeros; each line is the canonical JSON of one entry';

/** Where a tenant's records live in a bundle. */
export function recordsFileOf(tenant: string): string {
  return `${RECORDS_DIR}/${tenant}.ndjson`;
}
