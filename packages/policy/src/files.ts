/**
 * The only module of this package that touches the file system: it reads pack files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PolicyError } from './errors.ts';
import { parsePack } from './parse.ts';
import type { PolicyPack } from './schema.ts';

/** Where the packs shipped with this package live. */
export const BUILTIN_PACK_DIR = fileURLToPath(new URL('../packs/', import.meta.url));

const PACK_EXTENSIONS = new Set(['.yaml', '.yml']);

let builtins: PolicyPack[] | undefined;

/** The packs shipped with the package, read and parsed once per process. */
export function builtinPacks(): PolicyPack[] {
  builtins ??= readPackDirectory(BUILTIN_PACK_DIR).map((pack) => ({
    ...pack,
    source: `builtin:${pack.id}`,
  }));
  return builtins;
}

/** Paths of the pack files in `dir` (`*.yaml`, `*.yml`), sorted by name. */
export function listPackFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new PolicyError('io_error', `cannot read policy pack directory ${dir}`, [], {
      cause: err,
      source: dir,
    });
  }
  return names
    .filter((name) => PACK_EXTENSIONS.has(extname(name)))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Reads and parses one pack file; parse errors name the file. */
export function readPackFile(path: string): PolicyPack {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError('io_error', `cannot read policy pack ${path}`, [], {
      cause: err,
      source: path,
    });
  }
  return parsePack(text, path);
}

/** Reads and parses every pack file in `dir`. */
export function readPackDirectory(dir: string): PolicyPack[] {
  return listPackFiles(dir).map(readPackFile);
}
