import type { Outcome, Severity } from '@cavra/contracts';
import { evaluate, type PolicyInput } from './evaluate.ts';
import type { ResolvedPack, ResolvedTestCase } from './registry.ts';

/** The result of one test case of a pack. */
export interface PackTestResult {
  name: string;
  /** Where the case is written in its pack: `tests[3]` or `rules[2].tests[0]`. */
  path: string;
  passed: boolean;
  expected: { outcome: Outcome; ruleId?: string; severity?: Severity };
  actual: { outcome: Outcome; ruleId: string; severity: Severity; reason: string };
}

/** The results of every test case a pack carries. */
export interface PackTestReport {
  pack: string;
  version: string;
  digest: string;
  results: PackTestResult[];
  passed: number;
  failed: number;
}

/** Runs a pack's own test cases against the resolved pack (its parents' rules included). */
export function runPackTests(pack: ResolvedPack): PackTestReport {
  const results = pack.tests.map((test) => runCase(pack, test));
  const passed = results.filter((r) => r.passed).length;
  return {
    pack: pack.id,
    version: pack.version,
    digest: pack.digest,
    results,
    passed,
    failed: results.length - passed,
  };
}

function runCase(pack: ResolvedPack, test: ResolvedTestCase): PackTestResult {
  const verdict = evaluate(test.input as PolicyInput, pack, test.mode);
  const { expect } = test;
  const passed =
    verdict.outcome === expect.outcome &&
    (expect.ruleId === undefined || verdict.matchedRule === expect.ruleId) &&
    (expect.severity === undefined || verdict.severity === expect.severity);
  return {
    name: test.name,
    path: test.path,
    passed,
    expected: expect,
    actual: {
      outcome: verdict.outcome,
      ruleId: verdict.matchedRule,
      severity: verdict.severity,
      reason: verdict.reason,
    },
  };
}
