import { assignmentDetector } from './detectors/assignment.ts';
import { commandLineDetector } from './detectors/command-line.ts';
import { formatDetector } from './detectors/formats.ts';
import { headerDetector } from './detectors/header.ts';
import { patternDetector } from './detectors/pattern.ts';
import { privateKeyDetector } from './detectors/private-key.ts';
import { urlPasswordDetector } from './detectors/url.ts';
import { redactWith, toCounts } from './engine.ts';
import { Priority, type Detector, type ExtraPattern, type Redacted } from './types.ts';
import { makeValueRedactor } from './value.ts';

/** Options of `createRedactor`. */
export interface RedactorOptions {
  /** More secrets to find by pattern, on top of the built-in ones. */
  extraPatterns?: readonly ExtraPattern[];
}

/** A reusable redactor with its detectors compiled once. */
export interface Redactor {
  /** Replaces every secret in `text` with `[REDACTED:<type>]`. */
  text(text: string): Redacted<string>;
  /** Redacts every string inside `value` (objects, arrays, deeply); keys and non-strings stay. */
  value<T>(value: T): Redacted<T>;
}

/** The built-in detectors, most specific first. */
export const builtInDetectors: readonly Detector[] = [
  privateKeyDetector,
  formatDetector,
  urlPasswordDetector,
  headerDetector,
  assignmentDetector,
  commandLineDetector,
];

function extraDetector(extra: ExtraPattern): Detector {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(extra.type)) {
    throw new TypeError(
      'extraPatterns[].type must be 1-64 letters, digits, "_", "." or "-"; ' +
        `got ${JSON.stringify(extra.type)}`,
    );
  }
  return patternDetector({
    type: extra.type,
    pattern: extra.pattern,
    hints: extra.hints ?? [],
    priority: Priority.format,
    keepStandIns: false,
    hintAt: 'inside',
  });
}

/** Creates a redactor; the module-level `redactText` and `redactValue` use a default one. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const detectors = [...builtInDetectors, ...(options.extraPatterns ?? []).map(extraDetector)];

  const redactText = (text: string, counts: Map<string, number>): string => {
    const result = redactWith(detectors, text);
    for (const { type, count } of result.redactions)
      counts.set(type, (counts.get(type) ?? 0) + count);
    return result.value;
  };
  const walk = makeValueRedactor(redactText);

  return {
    text: (text: string) => redactWith(detectors, text),
    value<T>(value: T): Redacted<T> {
      const counts = new Map<string, number>();
      const redacted = walk(value, counts) as T;
      return { value: redacted, redactions: toCounts(counts) };
    },
  };
}
