import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { createBus, type EventBus } from '@cavra/bus';
import { loadConfig } from '@cavra/config';
import {
  openReplayLog,
  originalEventId,
  readDeadLetters,
  replayDeadLetters,
  replayTopic,
  type DeadLetterEntry,
  type ReplayStep,
} from '@cavra/connector-kit';
import { redactValue } from '@cavra/redact';
import { createLogger } from '@cavra/telemetry';

interface DlqOptions {
  connector: string;
  since?: string;
  config?: string;
}

/** Registers `cavra dlq list` and `cavra dlq replay`. */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('inspect and replay dead letters of a connector');

  dlq
    .command('list')
    .description('list the dead letters of a connector')
    .requiredOption('--connector <name>', 'connector name (as in the configuration)')
    .option('--since <iso>', 'only dead letters at or after this ISO time')
    .option('--json', 'print JSON lines instead of a table')
    .option('--config <file>', 'configuration file (default: $CAVRA_CONFIG or ./cavra.yaml)')
    .action((opts: DlqOptions & { json?: boolean }) => run(() => list(opts)));

  dlq
    .command('replay')
    .description("re-publish dead letters' original events to the connector's replay topic")
    .requiredOption('--connector <name>', 'connector name (as in the configuration)')
    .option('--since <iso>', 'only dead letters at or after this ISO time')
    .option('--event <id>', 'only the dead letter of this original event id')
    .option('--dry-run', 'show what would be replayed, publish nothing')
    .option('--force', 'replay dead letters that were replayed before')
    .addOption(new Option('--config <file>', 'configuration file'))
    .action((opts: DlqOptions & { event?: string; dryRun?: boolean; force?: boolean }) =>
      run(() => replay(opts)),
    );
}

async function list(opts: DlqOptions & { json?: boolean }): Promise<void> {
  const entries = await withBus(opts, (bus) => readDeadLetters(bus, opts.connector, sinceOf(opts)));
  if (opts.json) {
    // The dead letter keeps the original event as it was on the bus (so a replay sends exactly
    // that); what is printed goes through the redactor like every other output.
    for (const entry of entries) console.log(JSON.stringify(redactValue(entry).value));
    return;
  }
  if (entries.length === 0) {
    console.log(`no dead letters for connector ${opts.connector}`);
    return;
  }
  console.table(entries.map(row));
}

async function replay(
  opts: DlqOptions & { event?: string; dryRun?: boolean; force?: boolean },
): Promise<void> {
  const { config } = loadConfig(opts.config);
  const log = await openReplayLog(config.store);
  try {
    const { entries, steps } = await withBus(opts, async (bus) => {
      const all = await readDeadLetters(bus, opts.connector, sinceOf(opts));
      const chosen = opts.event ? all.filter((e) => originalEventId(e.letter) === opts.event) : all;
      const bar = progressBar(chosen.length);
      const done = await replayDeadLetters({
        bus,
        connector: opts.connector,
        entries: chosen,
        log,
        force: Boolean(opts.force),
        dryRun: Boolean(opts.dryRun),
        onStep: (step, index, total) => report(step, index, total, bar),
      });
      bar?.stop();
      return { entries: chosen, steps: done };
    });
    summarise(opts, entries, steps);
  } finally {
    await log.close();
  }
}

function summarise(opts: DlqOptions, entries: DeadLetterEntry[], steps: ReplayStep[]): void {
  const count = (action: string) => steps.filter((s) => s.action === action).length;
  if (entries.length === 0) console.log(`no dead letters to replay for ${opts.connector}`);
  console.log(
    `replayed ${count('replayed')}, would replay ${count('would_replay')}, ` +
      `skipped ${count('skipped')} (topic ${replayTopic(opts.connector)})`,
  );
}

function report(step: ReplayStep, index: number, total: number, bar?: cliProgress.SingleBar) {
  if (bar) return bar.update(index + 1);
  const id = originalEventId(step.entry.letter) ?? step.entry.id;
  const why = step.action === 'skipped' ? `: ${step.reason}` : '';
  console.log(`[${index + 1}/${total}] ${step.action} ${id}${why}`);
}

function progressBar(total: number): cliProgress.SingleBar | undefined {
  if (!process.stdout.isTTY || total === 0) return undefined;
  const bar = new cliProgress.SingleBar({}, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

function row(entry: DeadLetterEntry) {
  return {
    time: entry.time,
    event: originalEventId(entry.letter) ?? '(unparseable)',
    error: `${entry.letter.error.code}: ${entry.letter.error.message}`.slice(0, 80),
    attempts: entry.letter.attempts.length,
  };
}

async function withBus<T>(opts: DlqOptions, fn: (bus: EventBus) => Promise<T>): Promise<T> {
  const { config } = loadConfig(opts.config);
  if (!config.connectors.some((c) => c.name === opts.connector)) {
    const known = config.connectors.map((c) => c.name).join(', ') || '(none)';
    throw new Error(`--connector: no connector named "${opts.connector}"; known: ${known}`);
  }
  const logger = createLogger({ name: 'cavra-dlq', level: 'warn', destination: process.stderr });
  const bus = createBus(config.bus, logger);
  try {
    return await fn(bus);
  } finally {
    await bus.close();
  }
}

function sinceOf(opts: DlqOptions): { since?: Date } {
  if (opts.since === undefined) return {};
  const since = new Date(opts.since);
  if (Number.isNaN(since.getTime())) {
    throw new Error(`--since: expected an ISO date-time, got ${JSON.stringify(opts.since)}`);
  }
  return { since };
}

async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    console.error(`cavra dlq: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
