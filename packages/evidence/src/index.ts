/** Hash-chained evidence ledger (SQLite, PostgreSQL), signed bundles and offline verification. */
export { GENESIS_HASH, canonicalEntryBytes, computeEntryHash, sealEntry } from './entry.ts';
export type { ChainHead, EvidenceEntry, UnhashedEntry } from './entry.ts';
export { EvidenceError } from './errors.ts';
export type { EvidenceErrorCode } from './errors.ts';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './ledger.ts';
export type { AppendInput, EvidenceLedger, ListQuery } from './ledger.ts';
export { createSqliteLedger } from './store/sqlite.ts';
export type { SqliteLedgerOptions } from './store/sqlite.ts';
export { createPostgresLedger } from './store/postgres.ts';
export type { PostgresLedgerOptions } from './store/postgres.ts';
export { LOCAL_LEDGER_PATH, localLedger, openLedger } from './local.ts';
export {
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  generateKeyPair,
  keyIdOf,
  loadSigningKey,
  parsePublicKey,
  writeKeyPair,
} from './keys.ts';
export type { SigningKey, SigningKeyPair } from './keys.ts';
export { writeBundle } from './bundle/write.ts';
export type { BundleSummary, WriteBundleOptions } from './bundle/write.ts';
export { verifyBundle } from './bundle/verify.ts';
export type { VerifyBundleOptions, VerifyBundleResult } from './bundle/verify.ts';
export type { BundleProblem } from './bundle/chain-check.ts';
export { BUNDLE_FORMAT, BUNDLE_VERSION, BundleManifest } from './bundle/manifest.ts';
