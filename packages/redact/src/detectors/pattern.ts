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
}

/** Makes a detector from one pattern spec. */
export function patternDetector(spec: PatternSpec): Detector {
  const pattern = withFlags(spec.pattern, 'dg');
  const keepStandIns = spec.keepStandIns ?? true;
  return {
    name: spec.type,
    mayMatch: (text) => spec.hints.length === 0 || spec.hints.some((h) => text.includes(h)),
    find(text: string, out: Finding[]): void {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        const secret = match.groups?.['secret'] ?? match[0];
        const span = match.indices?.groups?.['secret'] ?? match.indices?.[0];
        if (secret.length === 0 || span === undefined) continue;
        if (keepStandIns && isStandInToken(secret)) continue;
        if (spec.accept !== undefined && !spec.accept(secret)) continue;
        out.push({ start: span[0], end: span[1], type: spec.type, priority: spec.priority });
      }
    },
  };
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
 * Many pattern detectors behind one pre-check: a single pass finds which hints occur, and only
 * the patterns with a hint present run. A text with none of them costs one regex test.
 */
export function patternGroup(name: string, specs: readonly PatternSpec[]): Detector {
  const detectors = specs.map((spec) => ({ spec, detector: patternDetector(spec) }));
  const always = detectors.some((d) => d.spec.hints.length === 0);
  const hints = [...new Set(specs.flatMap((s) => s.hints))].sort((a, b) => b.length - a.length);
  const source = hints.map(escapeRegExp).join('|') || '(?!)';
  const anyHint = new RegExp(source);
  const everyHint = new RegExp(source, 'g');
  // The alternation reports the longest hint at a position; the shorter ones inside it count too.
  const inside = new Map(hints.map((h) => [h, hints.filter((g) => h.includes(g))]));
  return {
    name,
    mayMatch: (text) => always || anyHint.test(text),
    find(text: string, out: Finding[]): void {
      const present = new Set<string>();
      everyHint.lastIndex = 0;
      for (const m of text.matchAll(everyHint)) {
        for (const h of inside.get(m[0]) ?? []) present.add(h);
      }
      for (const { spec, detector } of detectors) {
        if (spec.hints.length === 0 || spec.hints.some((h) => present.has(h))) {
          detector.find(text, out);
        }
      }
    },
  };
}
