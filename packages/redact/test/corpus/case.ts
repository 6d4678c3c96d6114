import { fakes, Prng, type Fakes } from './fakes.ts';

/** A secret planted in a corpus case, with the type it should be reported as. */
export interface Planted {
  type: string;
  value: string;
}

/** One labelled corpus text. */
export interface CorpusCase {
  kind: string;
  text: string;
  /** Must not appear in the redacted text. */
  secrets: Planted[];
  /** Non-secret tokens that must survive redaction. */
  keep: string[];
}

/** Collects the labels while a template writes its text. */
export class CaseContext {
  readonly secrets: Planted[] = [];
  readonly keep: string[] = [];
  readonly f: Fakes;
  constructor(readonly r: Prng) {
    this.f = fakes(r);
  }

  /** Plants `value` as a secret of `type` and returns it for the template. */
  s(type: string, value: string): string {
    this.secrets.push({ type, value });
    return value;
  }

  /** Labels `value` as a token that must be kept and returns it. */
  k(value: string): string {
    this.keep.push(value);
    return value;
  }
}

/** A template writes one case of its kind. */
export interface Template {
  kind: string;
  write(c: CaseContext): string;
}
