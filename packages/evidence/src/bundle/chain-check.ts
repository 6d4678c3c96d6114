import { GENESIS_HASH, computeEntryHash } from '../entry.ts';
import type { EvidenceEntry } from '../entry.ts';
import type { ManifestChain } from './manifest.ts';

/** One thing wrong with a bundle. `seq` and `recordId` name the record, when there is one. */
export interface BundleProblem {
  code: string;
  file?: string;
  seq?: number;
  recordId?: string;
  message: string;
}

/** After the first break, later ones are mostly its echo; keep the report readable. */
const MAX_PROBLEMS_PER_FILE = 10;

/**
 * Checks one tenant's records file against its manifest chain: every line parses, names the
 * tenant and carries its own hash; each entry follows the previous one (seq + 1, prevHash =
 * previous hash); the range starts and ends where the manifest says. Problems come in file
 * order, so the first one names the first bad record.
 */
export function checkChainText(text: string, chain: ManifestChain): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const file = chain.file;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();

  let previous: { seq: number; hash: string } | undefined;
  let count = 0;
  lines.forEach((line, index) => {
    if (problems.length >= MAX_PROBLEMS_PER_FILE) return;
    const entry = parseLine(line);
    if (!entry) {
      const message = `line ${index + 1} is not a ledger entry`;
      problems.push({ code: 'record_invalid', file, message });
      return;
    }
    count += 1;
    problems.push(...checkEntry(entry, chain, previous));
    previous = { seq: entry.seq, hash: entry.hash };
  });

  if (problems.length === 0) problems.push(...checkEnds(chain, lines.length, count, previous));
  return problems.slice(0, MAX_PROBLEMS_PER_FILE);
}

function checkEntry(
  entry: EvidenceEntry,
  chain: ManifestChain,
  previous: { seq: number; hash: string } | undefined,
): BundleProblem[] {
  const at = { file: chain.file, seq: entry.seq, recordId: entry.recordId };
  const name = `record seq ${entry.seq} (recordId ${entry.recordId})`;
  const problems: BundleProblem[] = [];

  if (entry.tenant !== chain.tenant) {
    const message = `${name} belongs to tenant "${entry.tenant}", not "${chain.tenant}"`;
    problems.push({ code: 'tenant_mismatch', ...at, message });
  }
  if (computeEntryHash(entry) !== entry.hash) {
    const message = `${name} was changed: its content does not match its hash`;
    problems.push({ code: 'record_hash_mismatch', ...at, message });
  }

  const expected = previous
    ? { seq: previous.seq + 1, prevHash: previous.hash, after: `seq ${previous.seq}` }
    : expectedStart(chain);
  if (entry.seq !== expected.seq) {
    const message =
      `${name} is out of place: expected seq ${expected.seq} after ${expected.after} ` +
      '(a record was removed, inserted or reordered)';
    problems.push({ code: 'chain_broken', ...at, message });
  } else if (entry.prevHash !== expected.prevHash) {
    const message = `${name} does not link to ${expected.after}: prevHash differs`;
    problems.push({ code: 'chain_broken', ...at, message });
  }
  return problems;
}

function expectedStart(chain: ManifestChain): { seq: number; prevHash: string; after: string } {
  const seq = chain.first?.seq ?? 1;
  const prevHash = chain.first?.prevHash ?? GENESIS_HASH;
  return { seq, prevHash, after: 'the start of the exported range' };
}

function checkEnds(
  chain: ManifestChain,
  lines: number,
  count: number,
  last: { seq: number; hash: string } | undefined,
): BundleProblem[] {
  const file = chain.file;
  const problems: BundleProblem[] = [];
  if (chain.first?.seq === 1 && chain.first.prevHash !== GENESIS_HASH) {
    const message = 'the manifest says the chain starts at seq 1 but not at the genesis hash';
    problems.push({ code: 'manifest_invalid', file, message });
  }
  if (count !== chain.records || lines !== chain.records) {
    const message = `the file holds ${count} records, the manifest says ${chain.records}`;
    problems.push({ code: 'count_mismatch', file, message });
  }
  const head = chain.head;
  if (head && head.seq > chain.ledgerHead.seq) {
    const ledgerSeq = chain.ledgerHead.seq;
    const message = `the manifest's head seq ${head.seq} is past the ledger head ${ledgerSeq}`;
    problems.push({ code: 'manifest_invalid', file, message });
  }
  if ((head === null) !== (last === undefined) || (head && last && !samePosition(head, last))) {
    const found = last ? `seq ${last.seq}` : 'no records';
    const wanted = head ? `seq ${head.seq}` : 'no records';
    const message = `the file ends at ${found}, the manifest's head is ${wanted}`;
    problems.push({ code: 'head_mismatch', file, ...(last && { seq: last.seq }), message });
  }
  return problems;
}

function samePosition(a: { seq: number; hash: string }, b: { seq: number; hash: string }): boolean {
  return a.seq === b.seq && a.hash === b.hash;
}

function parseLine(line: string): EvidenceEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const strings = ['tenant', 'recordId', 'recordType', 'recordedAt', 'prevHash', 'hash'];
  if (!strings.every((k) => typeof e[k] === 'string')) return undefined;
  if (!Number.isInteger(e['seq']) || !('record' in e)) return undefined;
  return e as unknown as EvidenceEntry;
}
