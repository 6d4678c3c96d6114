import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** A `${env:NAME}` or `${file:PATH}` reference that cannot be resolved. */
export class ConfigReferenceError extends Error {
  readonly code = 'config_reference';
  readonly retryable = false;

  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path || '(root)'}: ${reason}`, options);
    this.name = 'ConfigReferenceError';
  }
}

const REFERENCE = /\$\{(env|file):([^}]{1,4096})\}/g;

export interface ReferenceContext {
  env: Record<string, string | undefined>;
  /** Folder relative `${file:...}` paths are read from (the config file's folder). */
  baseDir: string;
}

/** Replaces every reference inside `text`; `path` names the config key for errors. */
export function resolveReferences(text: string, path: string, context: ReferenceContext): string {
  return text.replace(REFERENCE, (_match, kind: string, name: string) => {
    if (kind === 'env') {
      const value = context.env[name];
      if (value === undefined || value === '') {
        throw new ConfigReferenceError(path, `environment variable ${name} is not set`);
      }
      return value;
    }
    const file = isAbsolute(name) ? name : resolve(context.baseDir, name);
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigReferenceError(path, `cannot read file ${file}`, { cause: err });
    }
  });
}

/** Resolves references in every string of a parsed YAML tree. */
export function resolveTree(value: unknown, context: ReferenceContext, path = ''): unknown {
  if (typeof value === 'string') return resolveReferences(value, path, context);
  if (Array.isArray(value)) return value.map((v, i) => resolveTree(v, context, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        resolveTree(v, context, path ? `${path}.${k}` : k),
      ]),
    );
  }
  return value;
}
