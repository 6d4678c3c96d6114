import { isStandInToken } from '../placeholder.ts';
import type { Detector, Finding } from '../types.ts';

/** A secret recognised by its own shape, with a pre-check on literal substrings. */
export interface PatternSpec {
  type: string;
  /** Global regex; a named group `secret` narrows what is replaced. */
  pattern: RegExp;
  /** One of these must occur in the text for the regex to run. */
  hints: readonly string[];
  priority: number;
  /** Rejects a match (for example a token without the mix of characters of a real one). */
  accept?: (secret: string) => boolean;
  /** Keep documented stand-ins such as `AKIAIOSFODNN7EXAMPLE` (default true). */
  keepStandIns?: boolean;
  /**
   * `start` (default): every match starts where one of its hints occurs, so the pattern is tried
   * only there. `inside`: a hint may sit inside the match, so the whole text is scanned.
   */
  hintAt?: 'start' | 'inside';
}

/** Records one match of `spec` unless it is a stand-in or rejected. */
function record(
  spec: PatternSpec,
  match: RegExpExecArray | RegExpMatchArray,
  out: Finding[],
): void {
  const secret = match.groups?.['secret'] ?? match[0];
  const span = match.indices?.groups?.['secret'] ?? match.indices?.[0];
  if (secret.length === 0 || span === undefined) return;
  if ((spec.keepStandIns ?? true) && isStandInToken(secret)) return;
  if (spec.accept !== undefined && !spec.accept(secret)) return;
  out.push({ start: span[0], end: span[1], type: spec.type, priority: spec.priority });
}

/** Makes a detector from one pattern spec. */
export function patternDetector(spec: PatternSpec): Detector {
  const pattern = withFlags(spec.pattern, 'dg');
  return {
    name: spec.type,
    mayMatch: (text) => spec.hints.length === 0 || spec.hints.some((h) => text.includes(h)),
    find(text: string, out: Finding[]): void {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) record(spec, match, out);
    },
  };
}

/** Tries a sticky copy of the spec's pattern only at the given positions (ascending). */
function findAt(
  spec: PatternSpec,
  sticky: RegExp,
  text: string,
  at: number[],
  out: Finding[],
): void {
  let next = 0;
  for (const position of at) {
    if (position < next) continue;
    sticky.lastIndex = position;
    const match = sticky.exec(text);
    if (match === null) continue;
    record(spec, match, out);
    next = sticky.lastIndex;
  }
}

/** True when a token mixes letters and digits, as generated keys do and words do not. */
export function looksGenerated(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}

/** True when a token mixes lower case, upper case and digits. */
export function looksGeneratedMixedCase(token: string): boolean {
  return /[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token);
}

/** A copy of `re` that also has `flags` (for example `g` and `d`). */
export function withFlags(re: RegExp, flags: string): RegExp {
  const missing = [...flags].filter((f) => !re.flags.includes(f)).join('');
  return missing === '' ? re : new RegExp(re.source, re.flags + missing);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Many pattern detectors behind one pre-check. A single pass finds where the hints occur; a
 * pattern whose matches start at a hint is tried only at those positions, the others run over
 * the text only when one of their hints is present. A text with no hint costs one regex test.
 */
export function patternGroup(name: string, specs: readonly PatternSpec[]): Detector {
  const entries = specs.map((spec) => ({
    spec,
    whole: withFlags(spec.pattern, 'dg'),
    sticky: new RegExp(spec.pattern.source, spec.pattern.flags.replace('g', '') + 'dy'),
    atStart: (spec.hintAt ?? 'start') === 'start',
  }));
  type Entry = (typeof entries)[number];
  const unhinted = entries.filter((e) => e.spec.hints.length === 0);
  const byHint = new Map<string, Entry[]>();
  for (const e of entries) {
    for (const h of e.spec.hints) byHint.set(h, [...(byHint.get(h) ?? []), e]);
  }
  const hints = [...byHint.keys()].sort((a, b) => b.length - a.length);
  const source = hints.map(escapeRegExp).join('|') || '(?!)';
  const anyHint = new RegExp(source);
  const everyHint = new RegExp(source, 'g');
  // The alternation reports the longest hint at a position; shorter hints inside it occur too.
  const inside = new Map(
    hints.map((h) => [h, hints.flatMap((g) => offsets(h, g).map((o) => ({ g, o })))]),
  );

  function hintPositions(text: string): Map<string, number[]> {
    const where = new Map<string, number[]>();
    everyHint.lastIndex = 0;
    for (let m = everyHint.exec(text); m !== null; m = everyHint.exec(text)) {
      for (const { g, o } of inside.get(m[0]) ?? []) {
        const list = where.get(g);
        if (list === undefined) where.set(g, [m.index + o]);
        else list.push(m.index + o);
      }
    }
    return where;
  }

  function runWhole(e: Entry, text: string, out: Finding[]): void {
    e.whole.lastIndex = 0;
    for (const match of text.matchAll(e.whole)) record(e.spec, match, out);
  }

  return {
    name,
    mayMatch: (text) => unhinted.length > 0 || anyHint.test(text),
    find(text: string, out: Finding[]): void {
      const where = hintPositions(text);
      const toRun = new Set<Entry>();
      for (const h of where.keys()) for (const e of byHint.get(h) ?? []) toRun.add(e);
      for (const e of toRun) {
        if (!e.atStart) {
          runWhole(e, text, out);
          continue;
        }
        const hinted = e.spec.hints.filter((h) => where.has(h));
        const at =
          hinted.length === 1
            ? (where.get(hinted[0] ?? '') ?? [])
            : hinted.flatMap((h) => where.get(h) ?? []).sort((a, b) => a - b);
        findAt(e.spec, e.sticky, text, at, out);
      }
      for (const e of unhinted) runWhole(e, text, out);
    },
  };
}

/** Offsets at which `needle` occurs in `hay`. */
function offsets(hay: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) found.push(i);
  return found;
}
