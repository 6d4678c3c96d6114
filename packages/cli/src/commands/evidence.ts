import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  EvidenceError,
  PRIVATE_KEY_FILE,
  loadSigningKey,
  localLedger,
  openLedger,
  verifyBundle,
  writeBundle,
  writeKeyPair,
} from '@cavra/evidence';
import type { BundleSummary, EvidenceLedger, VerifyBundleResult } from '@cavra/evidence';
import type { Command } from 'commander';

/** Where keys live by default, relative to the working directory. */
const DEFAULT_KEY_DIR = join('.cavra', 'keys');

interface BundleFlags {
  output: string;
  tenant?: string;
  since?: string;
  until?: string;
  key?: string;
  store?: string;
}

interface VerifyFlags {
  publicKey?: string;
  json?: boolean;
}

/** Registers `cavra evidence keygen | bundle | verify`. */
export function register(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('export the evidence ledger as signed bundles and verify them offline');

  evidence
    .command('keygen')
    .description('create an Ed25519 signing key pair for evidence bundles')
    .option(
      '--output <dir>',
      'directory for cavra-signing.key and cavra-signing.pub',
      DEFAULT_KEY_DIR,
    )
    .action((flags: { output: string }) => run(() => keygen(flags.output)));

  evidence
    .command('bundle')
    .description('write a signed evidence bundle')
    .requiredOption('--output <dir>', 'bundle directory (new or empty)')
    .option('--tenant <tenant>', 'only this tenant (default: every tenant)')
    .option('--since <iso>', 'entries recorded at or after this instant')
    .option('--until <iso>', 'entries recorded before this instant')
    .option('--key <file>', `private signing key (default: ${DEFAULT_KEY_DIR}/${PRIVATE_KEY_FILE})`)
    .option('--store <spec>', 'sqlite:PATH or postgres:URL (default: the local .cavra/evidence.db)')
    .action((flags: BundleFlags) => run(() => bundle(flags)));

  evidence
    .command('verify')
    .description('verify a bundle: file hashes, every record hash and link, and the signature')
    .argument('<dir>', 'bundle directory')
    .option('--public-key <file>', "the signer's public key (recommended: pins who signed)")
    .option('--json', 'print the result as JSON')
    .action((dir: string, flags: VerifyFlags) => run(() => verify(dir, flags)));
}

/** Runs a command body: bad input exits 2, other failures 1, with a one-line message. */
async function run(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (err) {
    const invalid =
      err instanceof EvidenceError && (err.code === 'invalid_input' || err.code === 'key_invalid');
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = invalid ? 2 : 1;
  }
}

async function keygen(output: string): Promise<number> {
  const written = await writeKeyPair(resolve(output)).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw new EvidenceError('io_failed', `a signing key already exists in ${output}`, false);
  });
  console.log(`private key: ${written.privateKeyPath} (mode 0600: keep it secret)`);
  console.log(`public key:  ${written.publicKeyPath} (give this to auditors)`);
  console.log(`key id: ${written.keyId}`);
  return 0;
}

async function bundle(flags: BundleFlags): Promise<number> {
  // Checked before a default key is created, so a typo does not leave a new key behind.
  for (const [name, value] of [
    ['since', flags.since],
    ['until', flags.until],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      const message = `${name}: expected an ISO 8601 timestamp, got ${JSON.stringify(value)}`;
      throw new EvidenceError('invalid_input', message, false);
    }
  }
  const signingKey = await signingKeyPem(flags.key);
  const ledger = await (flags.store ? openLedger(flags.store) : localLedger());
  let summary: BundleSummary;
  try {
    summary = await writeBundle(ledger, {
      outputDir: resolve(flags.output),
      signingKey,
      ...(flags.tenant !== undefined && { tenant: flags.tenant }),
      ...(flags.since !== undefined && { since: flags.since }),
      ...(flags.until !== undefined && { until: flags.until }),
    });
  } finally {
    await closeQuietly(ledger);
  }

  console.log(`bundle: ${summary.outputDir}`);
  console.log(`records: ${summary.records} in ${summary.chains.length} tenant chain(s)`);
  for (const chain of summary.chains) {
    const range = chain.first && chain.head ? `seq ${chain.first.seq}..${chain.head.seq}` : 'empty';
    const head = chain.head ? `head ${chain.head.hash}` : '';
    console.log(`  ${chain.tenant}: ${chain.records} records, ${range} ${head}`.trimEnd());
  }
  console.log(`key id: ${summary.keyId}`);
  return 0;
}

/** The PEM of `--key`, or of the default key, which is created on first use. */
async function signingKeyPem(keyFile: string | undefined): Promise<string> {
  if (keyFile !== undefined) return readKeyFile(keyFile);

  const path = resolve(DEFAULT_KEY_DIR, PRIVATE_KEY_FILE);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const written = await writeKeyPair(resolve(DEFAULT_KEY_DIR));
    console.error(
      `notice: created signing key ${written.privateKeyPath} (key id ${written.keyId}); ` +
        `give ${written.publicKeyPath} to auditors`,
    );
  }
  const pem = await readFile(path, 'utf8');
  loadSigningKey(pem);
  return pem;
}

async function verify(dir: string, flags: VerifyFlags): Promise<number> {
  const publicKey = flags.publicKey ? await readKeyFile(flags.publicKey) : undefined;
  const result = await verifyBundle(resolve(dir), publicKey ? { publicKey } : {});
  if (flags.json) {
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  for (const notice of result.notices) console.error(`notice: ${notice}`);
  if (result.ok) {
    console.log(okLine(result));
    return 0;
  }
  printProblems(result);
  return 1;
}

function okLine(result: VerifyBundleResult): string {
  const records = result.chains.reduce((n, c) => n + c.records, 0);
  const key = result.keySource === 'embedded' ? 'embedded key' : 'pinned key';
  return (
    `OK ${records} records in ${result.chains.length} tenant chain(s); ` +
    `signature by key id ${result.keyId ?? '?'} (${key})`
  );
}

function printProblems(result: VerifyBundleResult): void {
  console.log(`FAILED: ${result.problems.length} problem(s)`);
  const first = result.problems.find((p) => p.seq !== undefined);
  if (first) {
    console.log(
      `first bad record: seq ${first.seq} (recordId ${first.recordId ?? '?'}) in ${first.file}`,
    );
  }
  for (const p of result.problems) {
    console.log(`  [${p.code}]${p.file ? ` ${p.file}` : ''}: ${p.message}`);
  }
}

/** A key file named on the command line; a missing one is bad input (exit 2). */
async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const message = `key file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    throw new EvidenceError('invalid_input', message, false, { cause: err });
  }
}

async function closeQuietly(ledger: EvidenceLedger): Promise<void> {
  await ledger.close().catch(() => undefined);
}
