/**
 * Runs the detectors over a text, merges overlapping findings and writes the redacted text.
 */
import type { Detector, Finding, RedactionCount, Redacted } from './types.ts';

/** Placeholder written in place of a secret of `type`. */
export function marker(type: string): string {
  return `[REDACTED:${type}]`;
}

/** Counts merged by type and sorted by type, as `Redacted.redactions` promises. */
export function toCounts(counts: Map<string, number>): RedactionCount[] {
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, count]) => ({ type, count }));
}

/** Adds `more` into `into`. */
export function addCounts(into: Map<string, number>, more: Iterable<RedactionCount>): void {
  for (const { type, count } of more) into.set(type, (into.get(type) ?? 0) + count);
}

/**
 * Overlapping findings become one span (their union, so nothing of either leaks), named after
 * the most specific of them: the highest priority, then the longest.
 */
function merge(findings: Finding[]): Finding[] {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Finding[] = [];
  let current: Finding | undefined;
  for (const f of findings) {
    if (current !== undefined && f.start < current.end) {
      const wins =
        f.priority > current.priority ||
        (f.priority === current.priority && f.end - f.start > current.end - current.start);
      current = {
        start: current.start,
        end: Math.max(current.end, f.end),
        type: wins ? f.type : current.type,
        priority: Math.max(current.priority, f.priority),
      };
      continue;
    }
    if (current !== undefined) merged.push(current);
    current = { ...f };
  }
  if (current !== undefined) merged.push(current);
  return merged;
}

/** Redacts `text` with `detectors`. */
export function redactWith(detectors: readonly Detector[], text: string): Redacted<string> {
  const findings: Finding[] = [];
  for (const detector of detectors) {
    if (detector.mayMatch(text)) detector.find(text, findings);
  }
  if (findings.length === 0) return { value: text, redactions: [] };

  const parts: string[] = [];
  const counts = new Map<string, number>();
  let at = 0;
  for (const f of merge(findings)) {
    parts.push(text.slice(at, f.start), marker(f.type));
    counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
    at = f.end;
  }
  parts.push(text.slice(at));
  return { value: parts.join(''), redactions: toCounts(counts) };
}
