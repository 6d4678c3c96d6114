/**
 * Deep redaction of JSON-like values. Strings are redacted as text; a string stored under a
 * key that names a secret (`password`, `apiKey`, `auth`) is replaced whole; an `Authorization`
 * value keeps its scheme; in an argument list (`["mysql", "-p", "x"]`) the value after a secret
 * flag is replaced. Keys and non-string values are kept. Unchanged parts are returned as they
 * were (no copy), so redacting clean data allocates little.
 */
import { secretTypeForKey } from './keys.ts';
import { isPlaceholder } from './placeholder.ts';
import { marker } from './engine.ts';

type TextRedactor = (text: string, counts: Map<string, number>) => string;

const SCHEME_VALUE = /^([A-Za-z][A-Za-z0-9-]{0,30}[ \t]{1,8})(\S{1,8192})$/;
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]{0,60})$/;
const SHORT_FLAG_COMMANDS: Record<string, string[]> = {
  '-p': ['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'sshpass', 'mongo', 'mongosh', 'login'],
  '-a': ['redis-cli', 'keydb-cli', 'valkey-cli'],
  '-u': ['curl'],
  '--user': ['curl'],
  '-P': ['sqlcmd'],
};

function count(counts: Map<string, number>, type: string): string {
  counts.set(type, (counts.get(type) ?? 0) + 1);
  return marker(type);
}

/** Redacts a string held under a secret-naming key, or returns undefined to redact as text. */
function redactKeyed(key: string, value: string, counts: Map<string, number>): string | undefined {
  if (/^(?:proxy-)?authorization$/i.test(key)) {
    const m = SCHEME_VALUE.exec(value.trim());
    if (m !== null && !isPlaceholder(m[2] ?? ''))
      return `${m[1]}${count(counts, 'authorization_header')}`;
    if (m === null && value.length >= 8 && !/\s/.test(value) && !isPlaceholder(value)) {
      return count(counts, 'authorization_header');
    }
    return undefined;
  }
  const type = secretTypeForKey(key);
  if (type === undefined || isPlaceholder(value)) return undefined;
  // `auth` alone names a secret only in docker and npm config, where it holds base64.
  if ((type === 'docker_auth' || type === 'npm_auth') && !/^[A-Za-z0-9+/]{8,}={0,2}$/.test(value)) {
    return undefined;
  }
  return count(counts, type);
}

/** A value that is exactly one recognised token keeps that token's more specific type. */
function redactWholeValue(
  key: string,
  value: string,
  text: TextRedactor,
  counts: Map<string, number>,
): string | undefined {
  const trial = new Map<string, number>();
  const asText = text(value, trial);
  if (/^\[REDACTED:[A-Za-z0-9_.-]+\]$/.test(asText)) {
    for (const [type, n] of trial) counts.set(type, (counts.get(type) ?? 0) + n);
    return asText;
  }
  return redactKeyed(key, value, counts);
}

/** The basename of an argument list's command (`/usr/bin/mysql` -> `mysql`). */
function commandOf(list: readonly unknown[]): string {
  const first = typeof list[0] === 'string' ? list[0] : '';
  const base = first.slice(first.lastIndexOf('/') + 1);
  return base === 'docker' || base === 'podman' || base === 'helm' ? 'login' : base;
}

/** The secret type of the argument following flag `prev` in an argument list, if any. */
function flagArgumentType(prev: unknown, command: string): string | undefined {
  if (typeof prev !== 'string') return undefined;
  if (SHORT_FLAG_COMMANDS[prev]?.includes(command)) return 'password';
  const m = FLAG.exec(prev);
  return m?.[1] !== undefined && m[1].length > 1 ? secretTypeForKey(m[1]) : undefined;
}

function redactArgument(
  value: string,
  type: string,
  command: string,
  counts: Map<string, number>,
): string {
  if (isPlaceholder(value) || value.startsWith('-')) return value;
  if (command === 'curl') {
    const colon = value.indexOf(':');
    if (colon < 0 || isPlaceholder(value.slice(colon + 1))) return value;
    return value.slice(0, colon + 1) + count(counts, 'password');
  }
  return count(counts, type);
}

/** Makes the deep walker over a text redactor. */
export function makeValueRedactor(
  text: TextRedactor,
): (value: unknown, counts: Map<string, number>) => unknown {
  function walk(value: unknown, counts: Map<string, number>): unknown {
    if (typeof value === 'string') return text(value, counts);
    if (Array.isArray(value)) return walkArray(value, counts);
    if (value !== null && typeof value === 'object' && isPlain(value)) {
      return walkObject(value as Record<string, unknown>, counts);
    }
    return value;
  }

  function walkArray(list: readonly unknown[], counts: Map<string, number>): unknown[] {
    const command = commandOf(list);
    let copy: unknown[] | undefined;
    for (let i = 0; i < list.length; i += 1) {
      const item = list[i];
      const argType = typeof item === 'string' ? flagArgumentType(list[i - 1], command) : undefined;
      const next =
        argType !== undefined
          ? redactArgument(item as string, argType, command, counts)
          : walk(item, counts);
      if (next !== item) (copy ??= list.slice())[i] = next;
    }
    return copy ?? (list as unknown[]);
  }

  /** Every string inside a `secrets`/`credentials` map is one, whatever its own key. */
  function walkSecrets(value: unknown, counts: Map<string, number>): unknown {
    if (typeof value === 'string') {
      if (isPlaceholder(value)) return value;
      return redactWholeValue('secret', value, text, counts) ?? value;
    }
    if (Array.isArray(value)) return mapChanged(value, (v) => walkSecrets(v, counts));
    if (value !== null && typeof value === 'object' && isPlain(value)) {
      const obj = value as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(obj)) {
        const next = walkSecrets(item, counts);
        if (next !== item) (copy ??= { ...obj })[key] = next;
      }
      return copy ?? obj;
    }
    return value;
  }

  function walkObject(
    obj: Record<string, unknown>,
    counts: Map<string, number>,
  ): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(obj)) {
      const keyed =
        typeof item === 'string' ? redactWholeValue(key, item, text, counts) : undefined;
      const next =
        keyed ?? (SECRET_MAPS.test(key) ? walkSecrets(item, counts) : walk(item, counts));
      if (next !== item) (copy ??= { ...obj })[key] = next;
    }
    return copy ?? obj;
  }

  return walk;
}

/** Keys whose value is a map of credentials (`{"secrets": {"db": "..."}}`). */
const SECRET_MAPS =
  /^(?:secrets|credentials|creds|passwords|tokens|api_?keys|apiKeys|secret_?data|stringData)$/i;

function mapChanged(list: readonly unknown[], f: (v: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  list.forEach((item, i) => {
    const next = f(item);
    if (next !== item) (copy ??= list.slice())[i] = next;
  });
  return copy ?? (list as unknown[]);
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
