import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../src/index.ts';
import { buildCorpus, type CorpusCase } from './corpus/index.ts';

/** A token as it appears raw and as it appears inside a JSON string. */
function forms(token: string): string[] {
  return [token, JSON.stringify(token).slice(1, -1)];
}

interface Score {
  planted: number;
  removed: number;
  labelled: number;
  kept: number;
  misses: string[];
  losses: string[];
}

function score(cases: CorpusCase[], redact: (c: CorpusCase) => string): Score {
  const s: Score = { planted: 0, removed: 0, labelled: 0, kept: 0, misses: [], losses: [] };
  for (const c of cases) {
    const out = redact(c);
    for (const secret of c.secrets) {
      s.planted += 1;
      if (forms(secret.value).some((f) => out.includes(f)))
        s.misses.push(`${c.kind}/${secret.type}`);
      else s.removed += 1;
    }
    for (const token of c.keep) {
      s.labelled += 1;
      if (forms(token).some((f) => out.includes(f))) s.kept += 1;
      else s.losses.push(`${c.kind}: ${token}`);
    }
  }
  return s;
}

const cases = buildCorpus();

describe('labelled corpus', () => {
  it('has several hundred secrets of every kind and several hundred look-alikes', () => {
    const types = new Set(cases.flatMap((c) => c.secrets.map((s) => s.type)));
    expect(cases.flatMap((c) => c.secrets).length).toBeGreaterThan(500);
    expect(cases.flatMap((c) => c.keep).length).toBeGreaterThan(500);
    expect(types.size).toBeGreaterThanOrEqual(30);
  });

  it('removes >= 99% of planted secrets and keeps >= 99% of labelled context (text)', () => {
    const s = score(cases, (c) => redactText(c.text).value);
    expect(s.removed / s.planted, s.misses.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(s.kept / s.labelled, s.losses.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('reports each planted secret under its type', () => {
    for (const c of cases) {
      const { value } = redactText(c.text);
      for (const secret of c.secrets) expect(value, c.kind).toContain(`[REDACTED:${secret.type}]`);
    }
  });

  it('keeps JSON input valid JSON, and redacting the parsed value scores as well', () => {
    const jsonCases = cases.filter((c) => c.text.startsWith('{'));
    expect(jsonCases.length).toBeGreaterThan(50);
    for (const c of jsonCases)
      expect(() => JSON.parse(redactText(c.text).value), c.text).not.toThrow();

    const s = score(jsonCases, (c) => JSON.stringify(redactValue(JSON.parse(c.text)).value));
    expect(s.removed / s.planted, s.misses.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(s.kept / s.labelled, s.losses.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('is deterministic for a seed', () => {
    expect(buildCorpus(7, 2)).toEqual(buildCorpus(7, 2));
  });
});
