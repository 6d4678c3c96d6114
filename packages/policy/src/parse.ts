import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { packProblems } from './compile.ts';
import { describeIssues, PolicyError, type PolicyIssue } from './errors.ts';
import { type PolicyPack, PolicyPackSchema } from './schema.ts';

/**
 * Parses and checks a policy pack written in YAML. Throws a `PolicyError` (`invalid_yaml` or
 * `invalid_pack`) whose issues name each bad field's path, the expectation and the value found.
 */
export function parsePack(yamlText: string, source?: string): PolicyPack {
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((e) => ({ path: '', message: e.message }));
    throw new PolicyError(
      'invalid_yaml',
      `${source ?? 'policy pack'}: ${describeIssues(issues)}`,
      issues,
      {
        source,
      },
    );
  }
  return checkPack(document.toJS(), source);
}

/** Checks an already-decoded pack document (for packs built in code or read from JSON). */
export function checkPack(value: unknown, source?: string): PolicyPack {
  const result = PolicyPackSchema.safeParse(value, { reportInput: true });
  const issues = result.success ? packProblems(result.data) : zodIssues(result.error);
  if (!result.success || issues.length > 0) {
    const what = source ?? packName(value);
    throw new PolicyError('invalid_pack', `${what}: ${describeIssues(issues)}`, issues, { source });
  }
  return source === undefined ? result.data : { ...result.data, source };
}

function packName(value: unknown): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `policy pack "${id}"` : 'policy pack';
}

/** Zod issues as pack issues; unknown keys are named one by one with their full path. */
export function zodIssues(error: z.ZodError): PolicyIssue[] {
  return error.issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'unknown field (not part of the pack format)',
      }));
    }
    const got = 'input' in issue ? `, got ${describeValue(issue.input)}` : '';
    return [{ path, message: `${issue.message}${got}` }];
  });
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
