/**
 * Secrets found by the name they are assigned to: env files and shell (`DB_PASSWORD=...`),
 * YAML (`password: ...`), JSON (`"apiKey": "..."`), INI, HCL (`password = "..."`), Kafka JAAS
 * (`password="..."`), Java properties (`sasl.password=...`), query strings (`?token=...`),
 * headers (`X-API-Key: ...`) and docker/npm config (`"auth": "..."`, `_authToken=...`).
 */
import { secretTypeForKey } from '../keys.ts';
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

/**
 * quote, key, closing quote and separator. The key starts where a name can start (also right
 * after an escaped `\n` inside a JSON string). The value is read only for keys that name a
 * secret, and the scan resumes after the separator (or after a read value), so every character
 * is read a bounded number of times.
 */
const KEY = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_.])|(?<=\\[nrt]))(?<q>\\?["']?)(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,79})\k<q>` +
    String.raw`(?<pre>[ \t]{0,16})(?<sep>=>|:=|=|:)[ \t]{0,16}`,
  'dg',
);

/** One value form; each alternative begins with a different character. */
const VALUE = new RegExp(
  String.raw`"(?<dq>(?:[^"\\\r\n]|\\.){0,4096})"` +
    String.raw`|\\"(?<edq>(?:[^"\\\r\n]|\\[^"\r\n]){0,4096})\\"` +
    String.raw`|'(?<sq>[^'\r\n]{0,4096})'` +
    String.raw`|(?<bare>[^\s"'\x60,;&|<>(){}\[\]=\\!*#][^\s"'\x60,;&|<>(){}\[\]\\]{0,4095})`,
  'dy',
);

/** Names worth a look; the exact decision is `secretTypeForKey`. */
const QUICK = /pass|pwd|secret|token|key|auth|cred|sig|pat\b/i;

/** The line before `at` holds only indentation, a diff marker, a list dash or `export`. */
function startsLine(text: string, at: number): boolean {
  // Look back a bounded distance only: a long line must not be rescanned for every key on it.
  const from = Math.max(0, at - 64);
  const before = text.slice(from, at);
  const newline = before.lastIndexOf('\n');
  if (newline < 0 && from > 0) return false;
  return /^[ \t+-]*(?:export[ \t]+)?$/.test(before.slice(newline + 1));
}

/** A YAML or INI value runs to the end of the line (at most 4 KiB), less a ` # comment`. */
function lineValueEnd(text: string, from: number): number {
  const line = text.slice(from, from + 4096);
  const newline = line.indexOf('\n');
  let end = from + (newline < 0 ? line.length : newline);
  const comment = text.slice(from, end).search(/[ \t]#/);
  if (comment >= 0) end = from + comment;
  while (end > from && /\s/.test(text.charAt(end - 1))) end -= 1;
  return end;
}

/** The key/value assignment detector. */
export const assignmentDetector: Detector = {
  name: 'assignment',
  mayMatch: (text) => QUICK.test(text),
  find(text: string, out: Finding[]): void {
    KEY.lastIndex = 0;
    for (let m = KEY.exec(text); m !== null; m = KEY.exec(text)) {
      const key = m.groups?.['key'] ?? '';
      const type = QUICK.test(key) ? secretTypeForKey(key) : undefined;
      // `scheme://user:password@host` is the URL detector's: it keeps the host.
      if (type === undefined || text.startsWith('://', m.index - 3)) continue;
      VALUE.lastIndex = KEY.lastIndex;
      const value = VALUE.exec(text);
      if (value === null) continue;
      KEY.lastIndex = VALUE.lastIndex;
      const span = valueSpan(text, m, value);
      if (span === undefined) continue;
      KEY.lastIndex = Math.max(KEY.lastIndex, span[1]);
      if (isPlaceholder(unescape(text.slice(span[0], span[1])))) continue;
      out.push({ start: span[0], end: span[1], type, priority: Priority.context });
    }
  },
};

function valueSpan(
  text: string,
  key: RegExpExecArray,
  value: RegExpExecArray,
): [number, number] | undefined {
  const idx = value.indices?.groups ?? {};
  for (const name of ['dq', 'edq', 'sq'] as const) {
    const span = idx[name];
    if (span !== undefined) return span;
  }
  const bare = idx['bare'];
  if (bare === undefined) return undefined;
  const g = key.groups ?? {};
  // A bare value after a double-quoted key is JSON's number, boolean or null: not a secret.
  if ((g['q'] ?? '').endsWith('"')) return undefined;
  const spaced = g['sep'] === ':' || (g['pre'] ?? '') !== '';
  if (spaced && startsLine(text, key.index)) {
    const end = lineValueEnd(text, bare[0]);
    if (end > bare[1]) return [bare[0], end];
  }
  return bare;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
