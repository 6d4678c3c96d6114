import { splitCommandLine } from './shell.ts';

/** What the evaluator knows about one simple command inside a command line. */
export interface CommandFacts {
  /** The program run, without its directory (`terraform`, `kubectl`, `git`, `rm`, ...). */
  program: string;
  /** Normalised verb: `apply`, `destroy`, `delete`, `force_push`, `iam`, `wipe`, ... */
  operation: string;
  /** Every flag as written, and the name part of `--name=value` flags. */
  flags: string[];
  /** Branches a `git push` writes to; `HEAD` when none is named, `*` for `--all`/`--mirror`. */
  refs: string[];
  /** `production` when a context, namespace, profile or project names production. */
  environment: 'production' | undefined;
  /** The simple command's words joined by single spaces. */
  text: string;
}

const PRODUCTION = /(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)/i;
/** Words that run the command after them (possibly after their own flags). */
const PREFIXES = new Set(['sudo', 'doas', 'env', 'command', 'nohup', 'time', 'nice', 'exec']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/** How far `bash -c "..."` is followed into its argument. */
const MAX_SHELL_DEPTH = 3;

/** Operations ranked by how much harm they can do; the highest names a command line. */
const OPERATION_RANK: Record<string, number> = {
  wipe: 100,
  destroy: 90,
  force_push: 85,
  state_rm: 80,
  terminate: 80,
  delete: 75,
  uninstall: 72,
  iam: 70,
  apply: 60,
  import: 55,
  upgrade: 50,
  install: 50,
  rollback: 50,
  exec: 45,
  push: 40,
};

/** Rank of an operation for choosing the one that names a whole command line. */
export function operationRank(operation: string): number {
  return OPERATION_RANK[operation] ?? (operation === 'read' || operation === 'plan' ? 0 : 10);
}

/** Splits a command line and recognises each simple command in it. */
export function analyseCommandLine(line: string, depth = 0): CommandFacts[] {
  const facts: CommandFacts[] = [];
  for (const words of splitCommandLine(line)) {
    const command = stripPrefixes(words);
    const program = basename(command[0] ?? '');
    const inner = shellArgument(program, command);
    if (inner !== undefined && depth < MAX_SHELL_DEPTH) {
      facts.push(...analyseCommandLine(inner, depth + 1));
      continue;
    }
    if (program) facts.push(recognise(program, command.slice(1)));
  }
  return facts;
}

function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else if (PREFIXES.has(basename(word))) {
      i++;
      while (i < words.length && (words[i] as string).startsWith('-')) {
        // sudo's -u/-g take a value that is not the command.
        i += /^-[ugCD]$/.test(words[i] as string) ? 2 : 1;
      }
    } else break;
  }
  return words.slice(i);
}

function shellArgument(program: string, words: string[]): string | undefined {
  if (!SHELLS.has(program) && program !== 'eval') return undefined;
  if (program === 'eval') return words.slice(1).join(' ');
  const flagAt = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
  return flagAt > 0 ? words[flagAt + 1] : undefined;
}

function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

/** Positional words and flag values of an argument list, given the flags that take a value. */
interface ParsedArgs {
  positional: string[];
  flags: string[];
  values: Map<string, string>;
}

function parseArgs(args: string[], valueFlags: ReadonlySet<string>): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], flags: [], values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    parsed.flags.push(arg);
    if (eq > 0) {
      parsed.flags.push(name);
      parsed.values.set(name, arg.slice(eq + 1));
    } else if (valueFlags.has(name) && i + 1 < args.length) {
      parsed.values.set(name, args[++i] as string);
    }
  }
  return parsed;
}

function namesProduction(values: Map<string, string>, names: string[]): boolean {
  return names.some((name) => PRODUCTION.test(values.get(name) ?? ''));
}

function facts(
  program: string,
  args: string[],
  operation: string,
  parsed: ParsedArgs,
  production: boolean,
  refs: string[] = [],
): CommandFacts {
  return {
    program,
    operation,
    flags: parsed.flags,
    refs,
    environment: production ? 'production' : undefined,
    text: [program, ...args].join(' '),
  };
}

type Recogniser = (program: string, args: string[]) => CommandFacts;

function recognise(program: string, args: string[]): CommandFacts {
  const recogniser = RECOGNISERS[program] ?? recogniseOther;
  return recogniser(program, args);
}

function recogniseOther(program: string, args: string[]): CommandFacts {
  return facts(program, args, 'execute', parseArgs(args, new Set()), false);
}

const TERRAFORM_VALUES = new Set(['-chdir', '-var', '-var-file', '-target', '-state', '-out']);

function recogniseTerraform(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, TERRAFORM_VALUES);
  const [sub, next] = parsed.positional;
  let operation = sub ?? 'execute';
  if (sub === 'apply' && parsed.flags.includes('-destroy')) operation = 'destroy';
  if (sub === 'state' && next) operation = `state_${next}`;
  const production = args.some((arg) => PRODUCTION.test(arg));
  return facts(program, args, operation, parsed, production);
}

const KUBECTL_VALUES = new Set([
  ...['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-f', '--filename'],
  ...['-l', '--selector', '-o', '--output', '--user', '-c', '--container'],
]);
const NAMESPACE_KINDS = new Set(['ns', 'namespace', 'namespaces']);

function recogniseKubectl(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, KUBECTL_VALUES);
  const [sub, kind, ...names] = parsed.positional;
  const deletesNamespace =
    sub === 'delete' &&
    ((kind !== undefined && NAMESPACE_KINDS.has(kind) && names.some((n) => PRODUCTION.test(n))) ||
      (kind !== undefined && /^(ns|namespaces?)\//.test(kind) && PRODUCTION.test(kind)));
  const production =
    deletesNamespace ||
    namesProduction(parsed.values, ['-n', '--namespace', '--context', '--cluster']);
  return facts(program, args, sub ?? 'execute', parsed, production);
}

const HELM_VALUES = new Set([
  ...['-n', '--namespace', '--kube-context', '-f', '--values', '--set', '--version'],
  '--repo',
]);
const HELM_ALIASES: Record<string, string> = {
  delete: 'uninstall',
  del: 'uninstall',
  un: 'uninstall',
};

function recogniseHelm(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, HELM_VALUES);
  const sub = parsed.positional[0] ?? 'execute';
  const production = namesProduction(parsed.values, ['-n', '--namespace', '--kube-context']);
  return facts(program, args, HELM_ALIASES[sub] ?? sub, parsed, production);
}

/** Cloud CLI verbs: what a subcommand word means. */
function cloudVerb(word: string): string | undefined {
  if (/^terminate(-|$)/.test(word)) return 'terminate';
  if (/^(delete|remove|deregister|purge)(-|$)|^(rm|rb)$/.test(word)) return 'delete';
  if (/^(describe|list|get|show|ls|simulate|generate)(-|$)/.test(word)) return 'read';
  return undefined;
}

const CLOUD_VALUES = new Set([
  ...['--profile', '--region', '--output', '-o', '--query', '--endpoint-url', '--project'],
  ...['--account', '--zone', '--format', '--configuration', '--subscription'],
  ...['-g', '--resource-group', '-n', '--name'],
]);
const IAM_GROUPS: Record<string, ReadonlySet<string>> = {
  aws: new Set(['iam']),
  gcloud: new Set(['iam']),
  az: new Set(['role', 'ad']),
};

function recogniseCloud(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, CLOUD_VALUES);
  const words = parsed.positional;
  const verbs = words.map(cloudVerb).filter((v): v is string => v !== undefined);
  const iamGroup = IAM_GROUPS[program]?.has(words[0] ?? '') ?? false;
  const touchesIam = iamGroup || words.some((w) => /iam-polic(y|ies)/.test(w));
  const verb = verbs.find((v) => v !== 'read') ?? verbs[0];

  let operation = verb ?? 'execute';
  if (touchesIam && verb !== 'read') operation = 'iam';
  const production = namesProduction(parsed.values, ['--profile', '--project', '--subscription']);
  return facts(program, args, operation, parsed, production);
}

const GIT_VALUES = new Set(['-C', '-c', '-o', '--push-option', '--repo']);
const FORCE_FLAGS = new Set(['-f', '--force', '--force-with-lease', '--force-if-includes']);

function recogniseGit(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, GIT_VALUES);
  const [sub, , ...refspecs] = parsed.positional;
  if (sub !== 'push') return facts(program, args, sub ?? 'execute', parsed, false);

  const everything = parsed.flags.some((f) => f === '--all' || f === '--mirror');
  const force =
    parsed.flags.some((f) => FORCE_FLAGS.has(f) || f === '--mirror') ||
    refspecs.some((r) => r.startsWith('+'));
  const refs = everything ? ['*'] : refspecs.map(destinationBranch);
  if (refs.length === 0) refs.push('HEAD');
  return facts(program, args, force ? 'force_push' : 'push', parsed, false, refs);
}

/** `+src:refs/heads/dst` -> `dst`; a bare `main` stays `main`. */
function destinationBranch(refspec: string): string {
  const spec = refspec.replace(/^\+/, '');
  const colon = spec.lastIndexOf(':');
  const destination = colon >= 0 ? spec.slice(colon + 1) : spec;
  return destination.replace(/^refs\/heads\//, '') || 'HEAD';
}

const DANGEROUS_RM_TARGETS = new Set(
  ['/', '/*', '/.', '~', '~/', '~/*', '*', '.', './', './*', '..', '$HOME', '${HOME}'].concat([
    '$HOME/',
    '$HOME/*',
  ]),
);

function recogniseRm(program: string, args: string[]): CommandFacts {
  const parsed = parseArgs(args, new Set());
  const recursive = parsed.flags.some((f) => /^-[a-zA-Z]*[rR]/.test(f) || f === '--recursive');
  const wipes =
    parsed.flags.includes('--no-preserve-root') ||
    (recursive && parsed.positional.some((p) => DANGEROUS_RM_TARGETS.has(p)));
  return facts(program, args, wipes ? 'wipe' : 'delete', parsed, false);
}

const RECOGNISERS: Record<string, Recogniser> = {
  terraform: recogniseTerraform,
  tofu: recogniseTerraform,
  kubectl: recogniseKubectl,
  oc: recogniseKubectl,
  helm: recogniseHelm,
  aws: recogniseCloud,
  az: recogniseCloud,
  gcloud: recogniseCloud,
  git: recogniseGit,
  rm: recogniseRm,
};
