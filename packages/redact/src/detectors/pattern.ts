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
