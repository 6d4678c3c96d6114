/**
 * @cavra/redact: finds credentials in text and JSON-like values and replaces each with
 * `[REDACTED:<type>]`, keeping what an analyst needs (commands, flags, paths, hosts, users,
 * ARNs, hashes, ids). Pure: no I/O. Linear time on any input.
 */
import { createRedactor } from './redactor.ts';
import type { Redacted } from './types.ts';

export { createRedactor, builtInDetectors } from './redactor.ts';
export type { Redactor, RedactorOptions } from './redactor.ts';
export type { Detector, ExtraPattern, Finding, Redacted, RedactionCount } from './types.ts';
export { isPlaceholder } from './placeholder.ts';
export { secretTypeForKey } from './keys.ts';

const defaultRedactor = createRedactor();

/** Replaces every secret in `text` with `[REDACTED:<type>]`. */
export function redactText(text: string): Redacted<string> {
  return defaultRedactor.text(text);
}

/** Deep: every string inside objects/arrays is redacted; keys untouched; non-strings kept. */
export function redactValue<T>(value: T): Redacted<T> {
  return defaultRedactor.value(value);
}
