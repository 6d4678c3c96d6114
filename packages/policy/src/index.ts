/**
 * Policy packs (YAML) and the evaluator. Pure: only `files.ts` reads pack files.
 */
export { PolicyError, describeIssues } from './errors.ts';
export type { PolicyErrorCode, PolicyIssue } from './errors.ts';
export {
  PackDefaults,
  PackTestCase,
  PolicyPackSchema,
  PolicyRule,
  RuleMatch,
  type PolicyPack,
} from './schema.ts';
export { parsePack, checkPack } from './parse.ts';
export {
  PolicyRegistry,
  DEFAULT_RULE_ID,
  digestOf,
  type ResolvedPack,
  type ResolvedTestCase,
} from './registry.ts';
export type { CompiledRule, MatchContext } from './compile.ts';
export { evaluate, type PolicyInput, type Verdict } from './evaluate.ts';
export { applyMode, type Judgement, type ModeResult } from './modes.ts';
export {
  normaliseAction,
  analyseAction,
  type ActionInput,
  type AnalysedAction,
  type NormalisedAction,
} from './normalise.ts';
export { analyseCommandLine, type CommandFacts } from './typed-commands.ts';
export { runPackTests, type PackTestReport, type PackTestResult } from './pack-tests.ts';
export { validatePacks, type PolicyFinding } from './validate.ts';
export {
  BUILTIN_PACK_DIR,
  builtinPacks,
  listPackFiles,
  readPackDirectory,
  readPackFile,
} from './files.ts';

/** Id of the baseline pack shipped with CAVRA. */
export const BASELINE_PACK_ID = 'cavra-baseline';
