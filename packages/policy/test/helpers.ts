import type { PolicyMode } from '@cavra/contracts';
import {
  evaluate,
  parsePack,
  PolicyRegistry,
  type PolicyInput,
  type ResolvedPack,
  type Verdict,
} from '../src/index.ts';

/** Parses YAML packs and returns a registry of them (no built-ins). */
export function registryOf(...yamlTexts: string[]): PolicyRegistry {
  return new PolicyRegistry(yamlTexts.map((text) => parsePack(text)));
}

/** The baseline pack, resolved once per test file. */
export function baseline(): ResolvedPack {
  return PolicyRegistry.withBuiltins().get('cavra-baseline');
}

/** Evaluates a command line in the given pack. */
export function judgeCommand(
  pack: ResolvedPack,
  command: string,
  mode: PolicyMode = 'enforce',
  extra: Partial<PolicyInput> = {},
): Verdict {
  return evaluate(
    { tenant: 'acme', action: { type: 'execute_command', target: 'shell', command }, ...extra },
    pack,
    mode,
  );
}
