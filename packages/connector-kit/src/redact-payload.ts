import { redactText, redactValue } from '@cavra/redact';
import type { RedactionCount } from '@cavra/contracts';

/** A value with every credential replaced, and how many of each type were found. */
export interface RedactedPayload<T> {
  value: T;
  redactions: RedactionCount[];
}

/** Redacts every string inside `value` (keys and values) with the shared redactor. */
export function redactPayload<T>(value: T): RedactedPayload<T> {
  const result = redactValue(value);
  return { value: result.value as T, redactions: mergeCounts(result.redactions) };
}

/** Redacts one string, such as an error message bound for evidence or a dead letter. */
export function redactMessage(text: string): string {
  return redactText(text).value;
}

function mergeCounts(counts: readonly RedactionCount[]): RedactionCount[] {
  const byType = new Map<string, number>();
  for (const { type, count } of counts) byType.set(type, (byType.get(type) ?? 0) + count);
  return [...byType].filter(([, n]) => n > 0).map(([type, count]) => ({ type, count }));
}
