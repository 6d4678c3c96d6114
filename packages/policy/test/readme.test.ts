import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePack, PolicyRegistry, runPackTests } from '../src/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README example pack', () => {
  it('parses, inherits the baseline and passes its own test cases', () => {
    const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yamlBlock).toBeDefined();
    const registry = PolicyRegistry.withBuiltins([parsePack(yamlBlock ?? '', 'README.md')]);
    const report = runPackTests(registry.get('team-payments'));
    expect(report.results.map((r) => [r.name, r.passed])).toEqual([
      ['reading code is fine', true],
      ['migration needs approval', true],
    ]);
  });
});
