import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { redactText, redactValue, type RedactionCount } from '@cavra/redact';

interface RedactOptions {
  ndjson?: boolean;
  summary?: boolean;
}

/** Text is redacted in pieces of about this size, cut at line ends. */
const PIECE = 64 * 1024;
/** A private key block still open at a cut is held back, up to this much text. */
const MAX_HELD = 1024 * 1024;

/** Registers `cavra redact`. */
export function register(program: Command): void {
  program
    .command('redact')
    .description('print stdin with every credential replaced by [REDACTED:<type>]')
    .option('--ndjson', 'read one JSON value per line; redact every string inside, keys kept')
    .option('--summary', 'print the number of redactions by type to stderr')
    .action(async (options: RedactOptions) => {
      const counts = new Map<string, number>();
      const ok = options.ndjson
        ? await redactNdjson(process.stdin, process.stdout, counts)
        : await redactStream(process.stdin, process.stdout, counts);
      if (options.summary) printSummary(counts);
      process.exitCode = ok ? 0 : 2;
    });
}

function add(counts: Map<string, number>, redactions: RedactionCount[]): void {
  for (const { type, count } of redactions) counts.set(type, (counts.get(type) ?? 0) + count);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/**
 * Where `pending` can be cut: after its last newline, unless a private key block opened in it
 * is not closed yet (multi-line secrets must be redacted whole). -1 when it cannot be cut yet.
 */
export function safeCut(pending: string): number {
  const cut = pending.lastIndexOf('\n') + 1;
  if (cut === 0) return -1;
  const head = pending.slice(0, cut);
  const open = head.lastIndexOf('-----BEGIN ');
  if (open >= 0 && head.indexOf('-----END ', open) < 0 && pending.length < MAX_HELD) {
    const lineStart = pending.lastIndexOf('\n', open) + 1;
    return lineStart > 0 ? lineStart : -1;
  }
  return cut;
}

/** Redacts a text stream piece by piece; returns true (text input cannot be invalid). */
async function redactStream(
  input: Readable,
  out: Writable,
  counts: Map<string, number>,
): Promise<boolean> {
  input.setEncoding('utf8');
  let pending = '';
  for await (const chunk of input as AsyncIterable<string>) {
    pending += chunk;
    while (pending.length >= PIECE) {
      const cut = safeCut(pending);
      if (cut <= 0) break;
      const piece = redactText(pending.slice(0, cut));
      add(counts, piece.redactions);
      await write(out, piece.value);
      pending = pending.slice(cut);
    }
  }
  const rest = redactText(pending);
  add(counts, rest.redactions);
  await write(out, rest.value);
  return true;
}

/**
 * Redacts NDJSON line by line. An invalid line is reported by number only (its text might hold
 * a secret) and not echoed; the other lines are still written. Returns false if any was invalid.
 */
async function redactNdjson(
  input: Readable,
  out: Writable,
  counts: Map<string, number>,
): Promise<boolean> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let ok = true;
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      console.error(
        `cavra redact: line ${lineNo}: not valid JSON (expected one JSON value per line)`,
      );
      ok = false;
      continue;
    }
    const redacted = redactValue(value);
    add(counts, redacted.redactions);
    await write(out, `${JSON.stringify(redacted.value)}\n`);
  }
  return ok;
}

function printSummary(counts: Map<string, number>): void {
  const types = [...counts.keys()].sort();
  const total = types.reduce((sum, t) => sum + (counts.get(t) ?? 0), 0);
  console.error(`redactions: ${total}`);
  for (const type of types) console.error(`  ${type}: ${counts.get(type)}`);
}
