import { Option, type Command } from 'commander';
import pretty from 'pino-pretty';
import { loadConfig, type CavraConfig } from '@cavra/config';
import { createLogger } from '@cavra/telemetry';
import { ROLES, startFabric, type Role } from '../fabric.ts';
import { exitWithError } from '../errors.ts';

interface UpOptions {
  config?: string;
  role: Role;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat?: 'json' | 'pretty';
}

/** Registers `cavra up`: the fabric (or one role of it) in this process until SIGTERM/SIGINT. */
export function register(program: Command): void {
  program
    .command('up')
    .description('run the fabric: decision API, evidence ledger and connectors (default: all)')
    .option('-c, --config <file>', 'configuration file (default: $CAVRA_CONFIG or cavra.yaml)')
    .addOption(new Option('--role <role>', 'which part to run').choices(ROLES).default('all'))
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines as JSON or readable (default: readable on a terminal)',
      ).choices(['json', 'pretty']),
    )
    .action((options: UpOptions) => up(options).catch(exitWithError));
}

async function up(options: UpOptions): Promise<void> {
  const { path, config } = loadConfig(options.config);
  const readable = (options.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
  const logger = createLogger({
    name: 'cavra',
    level: options.logLevel,
    // Lines are redacted before they reach the stream, so the readable form is redacted too.
    ...(readable && {
      destination: pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l' }),
    }),
  });
  const fabric = await startFabric({ config, role: options.role, logger, baseDir: process.cwd() });

  const lines = [
    `CAVRA fabric is up (role: ${options.role}, config: ${path})`,
    `  bus:        ${describeBus(config.bus)}`,
    `  store:      ${config.store.kind}`,
    fabric.url && `  API:        ${fabric.url}   (try: pnpm cavra demo --api ${fabric.url})`,
    `  connectors: ${fabric.connectors.length > 0 ? fabric.connectors.join(', ') : 'none'}`,
    '  stop with Ctrl-C',
  ];
  process.stderr.write(`${lines.filter(Boolean).join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining and stopping');
    fabric.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stopped with an error');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function describeBus(bus: CavraConfig['bus']): string {
  return bus.kind === 'embedded' ? `embedded (${bus.path})` : `kafka ${bus.brokers.join(',')}`;
}
