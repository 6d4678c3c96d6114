import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { invalidInput } from './errors.ts';

/** The prevHash of the first entry of every tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** One ledger entry. `hash` covers every other field, `prevHash` included. */
export interface EvidenceEntry {
  tenant: string;
  /** 1-based position in the tenant's chain. */
  seq: number;
  /** The source event id: appending the same id again returns this entry. */
  recordId: string;
  /** The CloudEvents type of the source event. */
  recordType: string;
  /** When the ledger appended the entry (ISO 8601, UTC). */
  recordedAt: string;
  /** The redacted payload. */
  record: unknown;
  prevHash: string;
  hash: string;
}

/** The fields of an entry before it has a place in the chain. */
export type UnhashedEntry = Omit<EvidenceEntry, 'hash'>;

/** The last entry of a tenant's chain: seq 0 and the genesis hash when the chain is empty. */
export interface ChainHead {
  seq: number;
  hash: string;
}

const HASHED_FIELDS = [
  'tenant',
  'seq',
  'recordId',
  'recordType',
  'recordedAt',
  'record',
  'prevHash',
] as const;

// canonicalize is CommonJS typed with an ESM default export: at run time under NodeNext the
// default import is the function itself, but TypeScript types it as the module.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** RFC 8785 canonical JSON of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw invalidInput('value', 'a JSON value', 'undefined');
  return text;
}

/** The exact bytes an entry's hash covers: RFC 8785 canonical JSON of the entry without `hash`. */
export function canonicalEntryBytes(entry: UnhashedEntry): string {
  const picked: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) picked[field] = entry[field];
  return canonicalJson(picked);
}

/** sha256 (lower-case hex) of the entry's canonical bytes. */
export function computeEntryHash(entry: UnhashedEntry): string {
  return sha256Hex(canonicalEntryBytes(entry));
}

/** Gives `entry` its hash. */
export function sealEntry(entry: UnhashedEntry): EvidenceEntry {
  return { ...entry, hash: computeEntryHash(entry) };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
