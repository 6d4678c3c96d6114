/**
 * Secrets found by the name they are assigned to: env files and shell (`DB_PASSWORD=...`),
 * YAML (`password: ...`), JSON (`"apiKey": "..."`), INI, HCL (`password = "..."`), Kafka JAAS
 * (`password="..."`), Java properties (`sasl.password=...`), query strings (`?token=...`),
 * headers (`X-API-Key: ...`) and docker/npm config (`"auth": "..."`, `_authToken=...`).
 */
import { secretTypeForKey } from '../keys.ts';
import { isPlaceholder } from '../placeholder.ts';
import { Priority, type Detector, type Finding } from '../types.ts';

/** Separators of a key from its value: `=`, `:`, `=>`, `:=`. */
const SEPARATOR = /[:=]/g;
/** Character tests by code, as they run for every character looked back over. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 45
  );
}
function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
/** A character a name cannot be glued to: letters, digits, `_` and `.`. */
function isNameChar(c: number): boolean {
  return isKeyChar(c) && c !== 45;
}
const MAX_KEY = 80;
const MAX_GAP = 16;

/** A key found before a separator. */
interface KeyAt {
  key: string;
  /** Where the key (or its opening quote) starts. */
  start: number;
  /** The quote around the key: '', '"', "'", or an escaped '\\"'. */
  quote: string;
  /** Blanks between the key and the separator (INI/HCL style `key = value`). */
  spaced: boolean;
}

/**
 * Reads the key that ends just before the separator at `sep`, looking back a bounded distance:
 * blanks, an optional closing quote, then the name. Scanning from separators rather than trying a
 * regex at every position keeps the common case (text with few `=`/`:`) fast.
 */
function keyBefore(text: string, sep: number): KeyAt | undefined {
  let end = sep;
  while (end > 0 && sep - end < MAX_GAP && (text[end - 1] === ' ' || text[end - 1] === '\t'))
    end -= 1;
  const spaced = end < sep;
  let quote = '';
  const q = text[end - 1];
  if (q === '"' || q === "'") {
    quote = text[end - 2] === '\\' ? `\\${q}` : q;
    end -= quote.length;
  }
  let start = end;
  while (start > 0 && end - start < MAX_KEY && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
  // `\npassword=` inside a JSON string: the `n` belongs to the escape, not to the key.
  if (start > 0 && text[start - 1] === '\\' && 'nrt'.includes(text[start] ?? '')) start += 1;
  // The name starts at a letter or `_`; `-` may precede it (`--password`, a diff's `-KEY=`).
  while (start < end && !isKeyStart(text.charCodeAt(start))) start += 1;
  const afterEscape =
    start > 1 && text[start - 2] === '\\' && 'nrt'.includes(text[start - 1] ?? '');
  // Glued to a longer name than we look back over.
  if (!afterEscape && start > 0 && isNameChar(text.charCodeAt(start - 1))) return undefined;
  if (start >= end) return undefined;
  if (quote !== '' && text.slice(start - quote.length, start) !== quote) return undefined;
  return { key: text.slice(start, end), start: start - quote.length, quote, spaced };
}

/** One value form; each alternative begins with a different character. */
const VALUE = new RegExp(
  String.raw`"(?<dq>(?:[^"\\\r\n]|\\.){0,4096})"` +
    String.raw`|\\"(?<edq>(?:[^"\\\r\n]|\\[^"\r\n]){0,4096})\\"` +
    String.raw`|'(?<sq>[^'\r\n]{0,4096})'` +
    String.raw`|(?<bare>[^\s"'\x60,;&|<>(){}\[\]=\\!*#][^\s"'\x60,;&|<>(){}\[\]\\]{0,4095})`,
  'dy',
);

/** `auth` alone names a secret only in docker and npm config, where it holds base64. */
const AUTH_TYPES = new Set(['docker_auth', 'npm_auth']);
const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;

const CODE_WORDS = new Set([
  'await',
  'new',
  'typeof',
  'function',
  'async',
  'yield',
  'this',
  'self',
  'string',
  'number',
  'boolean',
  'bigint',
  'any',
  'unknown',
  'never',
  'object',
  'void',
  'str',
  'bytes',
  'int',
  'bool',
  'dict',
  'list',
  'optional',
  'const',
  'let',
  'var',
  'return',
  'nullptr',
  'nothing',
]);

/**
 * A bare value that reads as code rather than a credential: a call (`getToken(`), a keyword or
 * type (`await`, `string`), a property path (`keys.privateKeyPem`), or an identifier in camel,
 * Pascal or constant case without digits (`secretString`, `TenantAuth`, `DB_PASSWORD`).
 */
function looksLikeCode(value: string, next: string): boolean {
  if (next === '(' || CODE_WORDS.has(value)) return true;
  if (/[0-9]/.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/^[A-Z][A-Z_]+$/.test(value)) return true;
  return /^[A-Za-z_$][\w$]*$/.test(value) && /[a-z][A-Z]/.test(value);
}

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
    SEPARATOR.lastIndex = 0;
    for (let m = SEPARATOR.exec(text); m !== null; m = SEPARATOR.exec(text)) {
      const sep = m.index;
      const two = text.slice(sep, sep + 2);
      const sepEnd = two === ':=' || two === '=>' ? sep + 2 : sep + 1;
      const key = keyBefore(text, sep);
      const type = key !== undefined && QUICK.test(key.key) ? secretTypeForKey(key.key) : undefined;
      // `scheme://user:password@host` is the URL detector's: it keeps the host.
      if (key === undefined || type === undefined || text.startsWith('://', key.start - 3)) {
        SEPARATOR.lastIndex = sepEnd;
        continue;
      }
      let from = sepEnd;
      while (
        from < text.length &&
        from - sepEnd < MAX_GAP &&
        (text[from] === ' ' || text[from] === '\t')
      )
        from += 1;
      VALUE.lastIndex = from;
      const value = VALUE.exec(text);
      if (value === null) continue;
      const span = valueSpan(text, key, text[sep] ?? '', value);
      SEPARATOR.lastIndex = Math.max(VALUE.lastIndex, span?.[1] ?? 0);
      if (span === undefined) continue;
      const raw = unescape(text.slice(span[0], span[1]));
      if (isPlaceholder(raw) || (AUTH_TYPES.has(type) && !BASE64.test(raw))) continue;
      out.push({ start: span[0], end: span[1], type, priority: Priority.context });
    }
  },
};

function valueSpan(
  text: string,
  key: KeyAt,
  sep: string,
  value: RegExpExecArray,
): [number, number] | undefined {
  const idx = value.indices?.groups ?? {};
  for (const name of ['dq', 'edq', 'sq'] as const) {
    const span = idx[name];
    if (span !== undefined) return span;
  }
  const bare = idx['bare'];
  if (bare === undefined) return undefined;
  // A bare value after a double-quoted key is JSON's number, boolean or null: not a secret.
  if (key.quote.endsWith('"')) return undefined;
  if (looksLikeCode(text.slice(bare[0], bare[1]), text.charAt(bare[1]))) return undefined;
  if ((sep === ':' || key.spaced) && startsLine(text, key.start)) {
    const end = lineValueEnd(text, bare[0]);
    if (end > bare[1]) return [bare[0], end];
  }
  return bare;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
