import { statSync } from 'node:fs';
import {
  listPackFiles,
  PolicyError,
  PolicyRegistry,
  readPackFile,
  runPackTests,
  validatePacks,
  type PackTestReport,
  type PolicyFinding,
  type PolicyPack,
} from '@cavra/policy';
import type { Command } from 'commander';

/** Packs loaded from the command line, and what went wrong while loading them. */
interface LoadedPacks {
  registry: PolicyRegistry | undefined;
  findings: PolicyFinding[];
}

/** Registers `cavra policy validate` and `cavra policy test`. */
export function register(program: Command): void {
  const policy = program
    .command('policy')
    .description('check policy packs and run the test cases they carry');

  policy
    .command('validate')
    .description('validate the built-in packs plus the given pack files or directories')
    .argument('[paths...]', 'pack files (*.yaml) or directories of pack files', [])
    .action((paths: string[]) => {
      process.exitCode = validateCommand(paths);
    });

  policy
    .command('test')
    .description("run every pack's test cases (built-in packs plus the given ones)")
    .argument('[paths...]', 'pack files (*.yaml) or directories of pack files', [])
    .option('--json', 'print the reports as JSON')
    .action((paths: string[], options: { json?: boolean }) => {
      process.exitCode = testCommand(paths, options.json === true);
    });
}

function validateCommand(paths: string[]): number {
  const { registry, findings } = loadPacks(paths);
  if (registry) findings.push(...validatePacks(registry));
  if (findings.length === 0) {
    const count = registry?.ids().length ?? 0;
    console.log(`${count} policy pack${count === 1 ? '' : 's'} valid`);
    return 0;
  }
  for (const finding of findings) console.error(formatFinding(finding));
  console.error(`${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  return 1;
}

function testCommand(paths: string[], json: boolean): number {
  const { registry, findings } = loadPacks(paths);
  if (registry) findings.push(...validatePacks(registry));
  if (!registry || findings.length > 0) {
    for (const finding of findings) console.error(formatFinding(finding));
    return 1;
  }

  const reports = registry.ids().map((id) => runPackTests(registry.get(id)));
  const passed = reports.reduce((sum, r) => sum + r.passed, 0);
  const failed = reports.reduce((sum, r) => sum + r.failed, 0);
  if (json) {
    console.log(JSON.stringify({ reports, passed, failed }, null, 2));
  } else {
    for (const report of reports) printReport(report);
    console.log(`${passed} passed, ${failed} failed`);
  }
  return failed > 0 ? 1 : 0;
}

function printReport(report: PackTestReport): void {
  console.log(`${report.pack} ${report.version} (${report.digest})`);
  for (const result of report.results) {
    if (result.passed) {
      console.log(`  pass  ${result.name}`);
      continue;
    }
    const { expected, actual } = result;
    const want = `${expected.outcome}${expected.ruleId ? ` by ${expected.ruleId}` : ''}`;
    console.log(`  FAIL  ${result.name} [${result.path}]`);
    console.log(`        expected ${want}, got ${actual.outcome} by ${actual.ruleId}`);
    console.log(`        reason: ${actual.reason}`);
  }
}

function formatFinding(finding: PolicyFinding): string {
  const where = finding.source ?? finding.pack;
  return `${where}: ${finding.path || '(root)'}: ${finding.message}`;
}

/** Reads every pack file named by `paths` and builds a registry with the built-in packs. */
function loadPacks(paths: string[]): LoadedPacks {
  const findings: PolicyFinding[] = [];
  const packs: PolicyPack[] = [];
  for (const file of expandPaths(paths, findings)) {
    try {
      packs.push(readPackFile(file));
    } catch (err) {
      findings.push(...errorFindings(err, file));
    }
  }
  try {
    return { registry: PolicyRegistry.withBuiltins(packs), findings };
  } catch (err) {
    findings.push(...errorFindings(err, undefined));
    return { registry: undefined, findings };
  }
}

function expandPaths(paths: string[], findings: PolicyFinding[]): string[] {
  return paths.flatMap((path) => {
    try {
      return statSync(path).isDirectory() ? listPackFiles(path) : [path];
    } catch (err) {
      findings.push(...errorFindings(err, path));
      return [];
    }
  });
}

function errorFindings(err: unknown, source: string | undefined): PolicyFinding[] {
  if (!(err instanceof PolicyError)) {
    const message = err instanceof Error ? err.message : String(err);
    return [{ pack: '', source, path: '', code: 'io_error', message }];
  }
  const issues = err.issues.length > 0 ? err.issues : [{ path: '', message: err.message }];
  return issues.map((issue) => ({
    pack: '',
    source: err.source ?? source,
    path: issue.path,
    code: err.code,
    message: issue.message,
  }));
}
