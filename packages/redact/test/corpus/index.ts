/**
 * The labelled redaction corpus: realistic texts with planted fake secrets and look-alikes that
 * must survive. Deterministic for a given seed.
 */
import { CaseContext, type CorpusCase, type Template } from './case.ts';
import { Prng } from './fakes.ts';
import { commandTemplates } from './templates-commands.ts';
import { configTemplates } from './templates-config.ts';
import { lookalikeTemplates } from './templates-lookalikes.ts';

export type { CorpusCase, Planted } from './case.ts';
export { Prng } from './fakes.ts';

const TEMPLATES: Template[] = [...configTemplates, ...commandTemplates, ...lookalikeTemplates];

/** Builds `rounds` cases of every template from `seed`. */
export function buildCorpus(seed = 20250601, rounds = 12): CorpusCase[] {
  const rng = new Prng(seed);
  const cases: CorpusCase[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const template of TEMPLATES) {
      const c = new CaseContext(rng);
      const text = template.write(c);
      cases.push({ kind: template.kind, text, secrets: c.secrets, keep: c.keep });
    }
  }
  return cases;
}
