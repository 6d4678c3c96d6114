/** How many secrets of one type were replaced. */
export interface RedactionCount {
  type: string;
  count: number;
}

/** A redacted value with the counts of what was replaced, merged by type and sorted by type. */
export interface Redacted<T> {
  value: T;
  redactions: RedactionCount[];
}

/** A span of the input that holds a secret: `[start, end)` is replaced by `[REDACTED:type]`. */
export interface Finding {
  start: number;
  end: number;
  type: string;
  /** Higher wins when spans overlap: a format match beats a guess from context. */
  priority: number;
}

/** Finds secrets in a text. Must run in time linear in the text's length. */
export interface Detector {
  readonly name: string;
  /** Cheap pre-check: when it returns false the detector is skipped. */
  mayMatch(text: string): boolean;
  find(text: string, out: Finding[]): void;
}

/** A caller's own pattern, added with `createRedactor({ extraPatterns })`. */
export interface ExtraPattern {
  /** The name in `[REDACTED:<type>]`. */
  type: string;
  /**
   * Matches the secret; with a named group `secret`, only that group is replaced.
   * Keep it linear: bounded quantifiers, no nested or ambiguous repetition.
   */
  pattern: RegExp;
  /** Literal substrings, one of which must occur for the pattern to run (a fast pre-check). */
  hints?: string[];
}

/** Priorities of findings, from a guess by context to an exact format. */
export const Priority = {
  context: 10,
  header: 20,
  url: 30,
  format: 40,
  block: 50,
} as const;
