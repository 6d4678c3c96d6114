import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ContractError, fieldIssues } from '@cavra/contracts';
import { ConfigReferenceError, resolveTree } from './references.ts';
import { CavraConfig } from './schema.ts';

/** A configuration that cannot be read or does not match the schema. */
export class ConfigError extends ContractError {
  constructor(
    readonly file: string,
    issues: { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration ${file}`, issues, options);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** The environment `${env:NAME}` reads; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Parses and validates configuration text; relative paths resolve against `baseDir`. */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): CavraConfig {
  const baseDir = dirname(resolve(file));
  let tree: unknown;
  try {
    tree = parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      file,
      [{ path: '', message: `not valid YAML: ${(err as Error).message}` }],
      {
        cause: err,
      },
    );
  }
  try {
    tree = resolveTree(tree, { env: options.env ?? process.env, baseDir });
  } catch (err) {
    if (!(err instanceof ConfigReferenceError)) throw err;
    throw new ConfigError(file, [{ path: err.path, message: err.reason }], { cause: err });
  }
  const result = CavraConfig.safeParse(tree);
  if (!result.success)
    throw new ConfigError(file, fieldIssues(result.error), { cause: result.error });
  return result.data;
}

/**
 * Loads the configuration: `explicitPath`, else `CAVRA_CONFIG`, else `cavra.yaml` in `cwd`.
 * Returns the path it read alongside the parsed config.
 */
export function loadConfig(
  explicitPath?: string,
  options: LoadOptions & { cwd?: string } = {},
): { path: string; config: CavraConfig } {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const chosen = explicitPath ?? env.CAVRA_CONFIG ?? 'cavra.yaml';
  const path = isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      path,
      [{ path: '', message: 'cannot read the file (give --config FILE or set CAVRA_CONFIG)' }],
      {
        cause: err,
      },
    );
  }
  return { path, config: parseConfig(text, path, { env }) };
}
