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
 * quote, key, closing quote, separator, then one value form. The key starts where a name can
 * start (also right after an escaped `\n` inside a JSON string); each alternative of the value
 * begins with a different character, so nothing is tried twice.
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9_.])|(?<=\\[nrt]))(?<q>\\?["']?)(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,79})\k<q>` +
    String.raw`(?<pre>[ \t]{0,16})(?<sep>=>|:=|=|:)[ \t]{0,16}` +
    String.raw`(?:"(?<dq>(?:[^"\\\r\n]|\\.){0,4096})"` +
    String.raw`|\\"(?<edq>(?:[^"\\\r\n]|\\[^"\r\n]){0,4096})\\"` +
    String.raw`|'(?<sq>[^'\r\n]{0,4096})'` +
    String.raw`|(?<bare>[^\s"'\x60,;&|<>(){}\[\]=\\!*#][^\s"'\x60,;&|<>(){}\[\]\\]{0,4095}))`,
  'dg',
);

/** Names worth a look; the exact decision is `secretTypeForKey`. */
const QUICK = /pass|pwd|secret|token|key|auth|cred|sig|pat\b/i;

/** The line before `at` holds only indentation, a diff marker, a list dash or `export`. */
function startsLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (at - lineStart > 64) return false;
  return /^[ \t+-]*(?:export[ \t]+)?$/.test(text.slice(lineStart, at));
}

/** A YAML or INI value runs to the end of the line, less a trailing ` # comment`. */
function lineValueEnd(text: string, from: number): number {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
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
    ASSIGNMENT.lastIndex = 0;
    for (const m of text.matchAll(ASSIGNMENT)) {
      const g = m.groups ?? {};
      const key = g['key'] ?? '';
      const type = QUICK.test(key) ? secretTypeForKey(key) : undefined;
      if (type === undefined) continue;
      const span = valueSpan(text, m);
      if (span === undefined) continue;
      const value = text.slice(span[0], span[1]);
      if (isPlaceholder(unescape(value))) continue;
      out.push({ start: span[0], end: span[1], type, priority: Priority.context });
    }
  },
};

function valueSpan(text: string, m: RegExpMatchArray): [number, number] | undefined {
  const g = m.groups ?? {};
  const idx = m.indices?.groups ?? {};
  for (const name of ['dq', 'edq', 'sq'] as const) {
    const span = idx[name];
    if (span !== undefined) return span;
  }
  const bare = idx['bare'];
  if (bare === undefined) return undefined;
  // A bare value after a double-quoted key is JSON's number, boolean or null: not a secret.
  if ((g['q'] ?? '').endsWith('"')) return undefined;
  const sep = g['sep'];
  const spaced = sep === ':' || (g['pre'] ?? '') !== '';
  if (spaced && startsLine(text, m.index ?? 0)) {
    const end = lineValueEnd(text, bare[0]);
    if (end > bare[1]) return [bare[0], end];
  }
  return bare;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
