/**
 * Private key blocks (PEM, OpenSSH, PGP), replaced whole from the BEGIN line to the END line,
 * with real or JSON-escaped (`\n`) newlines. A block without its END line (a truncated log) is
 * replaced up to the end of its base64 body.
 */
import { Priority, type Detector, type Finding } from '../types.ts';

const BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY(?: BLOCK)?-----/g;
const END_LINE = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
/** Base64 body of a truncated block, with real or escaped newlines. */
const BODY = /(?:[A-Za-z0-9+/=\s]|\\[nrt]){0,65536}/y;
const MAX_BLOCK = 65_536;

/**
 * Finds END lines left to right, never searching the same stretch twice, so that many BEGIN
 * lines without an END stay linear.
 */
class EndLines {
  private next = -1;
  constructor(private readonly text: string) {}

  /** End of the first END line that starts in `[from, limit)`, or -1. */
  closing(from: number, limit: number): number {
    for (;;) {
      if (this.next !== Infinity && this.next < from) {
        const at = this.text.indexOf('-----END ', from);
        this.next = at < 0 ? Infinity : at;
      }
      if (this.next >= limit) return -1;
      END_LINE.lastIndex = this.next;
      if (END_LINE.test(this.text)) return END_LINE.lastIndex;
      from = this.next + 1;
    }
  }
}

function bodyEnd(text: string, from: number, limit: number): number {
  BODY.lastIndex = from;
  BODY.test(text);
  let end = Math.min(BODY.lastIndex, limit);
  // Do not swallow a trailing escape's backslash or the dashes of what follows.
  while (end > from && /[\s\\-]/.test(text.charAt(end - 1))) end -= 1;
  return end;
}

/** The private-key-block detector. */
export const privateKeyDetector: Detector = {
  name: 'private_key',
  mayMatch: (text) => text.includes('PRIVATE KEY'),
  find(text: string, out: Finding[]): void {
    const ends = new EndLines(text);
    const starts: number[] = [];
    const headerEnds: number[] = [];
    for (const m of text.matchAll(BEGIN)) {
      starts.push(m.index);
      headerEnds.push(m.index + m[0].length);
    }
    for (let i = 0; i < starts.length; i += 1) {
      const start = starts[i] as number;
      const from = headerEnds[i] as number;
      // A block ends before the next BEGIN, so each character is examined for one block only.
      const limit = Math.min(starts[i + 1] ?? text.length, from + MAX_BLOCK);
      const closed = ends.closing(from, limit);
      const end = closed >= 0 ? closed : bodyEnd(text, from, limit);
      out.push({ start, end: Math.max(end, from), type: 'private_key', priority: Priority.block });
    }
  },
};
