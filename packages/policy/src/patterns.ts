import { posix } from 'node:path';
import picomatch from 'picomatch';
import safeRegex from 'safe-regex2';

/** Glob options: dotfiles match (`.env`), and case is ignored (case-insensitive file systems). */
const GLOB_OPTIONS = { dot: true, nocase: true } as const;

/** Longest command pattern accepted; long patterns hide expensive alternations. */
const MAX_PATTERN_LENGTH = 500;

/** A compiled list of globs: true when any glob matches. */
export type GlobMatcher = (path: string) => boolean;

/** Why a glob cannot be used, or `undefined` when it is fine. */
export function globProblem(glob: string): string | undefined {
  const pairs: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  const open: string[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '\\') i++;
    else if (ch in pairs) open.push(pairs[ch] as string);
    else if (ch === ']' || ch === '}' || ch === ')') {
      if (open.pop() !== ch) return `unbalanced "${ch}"`;
    }
  }
  if (open.length > 0) return `unclosed "${open.join('')}"`;
  try {
    picomatch.makeRe(glob, GLOB_OPTIONS);
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

/**
 * Compiles target globs once. A path matches when a glob matches the whole (normalised) path,
 * its basename, or, for globs that do not start with `/`, any trailing part of the path: so
 * `.aws/credentials` matches `/home/dev/.aws/credentials`.
 */
export function compileTargetGlobs(globs: string[]): GlobMatcher {
  const whole = picomatch(globs, GLOB_OPTIONS);
  const relative = globs.filter((g) => !g.startsWith('/')).map((g) => `**/${g}`);
  const anywhere = relative.length > 0 ? picomatch(relative, GLOB_OPTIONS) : () => false;
  return function matchTarget(target: string): boolean {
    const path = normalisePath(target);
    const base = posix.basename(path);
    return whole(path) || whole(base) || anywhere(path.replace(/^\/+/, ''));
  };
}

/** Compiles globs matched against a whole value (repositories, branches). */
export function compileGlobs(globs: string[]): GlobMatcher {
  return picomatch(globs, GLOB_OPTIONS);
}

/** `C:\\a\\..\\b/./c` -> `C:/b/c`: one spelling per path, so `src/../.env` is seen as `.env`. */
export function normalisePath(target: string): string {
  const slashed = target.replace(/\\/g, '/');
  const normal = posix.normalize(slashed);
  return normal.startsWith('./') ? normal.slice(2) : normal;
}

/** Why a command pattern cannot be used, or `undefined` when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `expected a pattern of at most ${MAX_PATTERN_LENGTH} characters`;
  }
  try {
    new RegExp(pattern);
  } catch (err) {
    return `expected a valid regular expression: ${(err as Error).message}`;
  }
  // Nested quantifiers such as (a+)+ backtrack exponentially on hostile command lines.
  if (!safeRegex(pattern)) return 'expected no nested quantifiers (catastrophic backtracking)';
  return undefined;
}

/** Compiles command patterns once into one alternation-free list of regular expressions. */
export function compilePatterns(patterns: string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p));
}
