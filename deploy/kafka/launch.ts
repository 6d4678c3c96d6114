/**
 * Runs a single-node Apache Kafka broker (KRaft) on loopback from the Maven Central jars and
 * the local JDK. Used by the test set-up; run it by hand with `pnpm exec tsx
 * deploy/kafka/launch.ts` to get a broker in the foreground.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import {
  ensureJars,
  freePorts,
  log4jProperties,
  newClusterId,
  runToEnd,
  serverProperties,
  type BrokerPorts,
} from './broker-files.ts';

const KAFKA_DIR = dirname(fileURLToPath(import.meta.url));

/** A running (or stopped) local broker. Its ports and data survive `stop()` and `restart()`. */
export interface LocalKafka {
  readonly brokers: string[];
  /** The Apache Kafka version of the jars, e.g. `3.9.1`. */
  readonly version: string;
  readonly dataDir: string;
  readonly running: boolean;
  /** Kills the JVM (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts a stopped broker again on the same ports and data. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the broker and deletes its data dir. */
  destroy(): Promise<void>;
}

export interface LaunchOptions {
  /** Folder holding pom.xml and lib/ (default: this file's folder). */
  kafkaDir?: string;
  /** JVM max heap (default `512m`). */
  heap?: string;
  /** How long to wait for the broker to answer (default 60 s). */
  readyTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL on stop (default 15 s). */
  stopGraceMs?: number;
}

/** The broker did not start or did not answer in time. A retry may help on a busy machine. */
export class KafkaLaunchError extends Error {
  readonly code = 'kafka_launch_failed';
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaLaunchError';
  }
}

/** Fetches the jars if needed, formats a fresh data dir and starts the broker. */
export async function launchKafka(options: LaunchOptions = {}): Promise<LocalKafka> {
  const kafkaDir = options.kafkaDir ?? KAFKA_DIR;
  const version = await ensureJars(kafkaDir);
  // Ports are free when picked but another process may bind one before the JVM does: retry once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOnce(kafkaDir, version, options);
    } catch (err) {
      if (attempt >= 2 || !(err instanceof KafkaLaunchError)) throw err;
    }
  }
}

async function launchOnce(kafkaDir: string, version: string, options: LaunchOptions) {
  const [broker, controller] = await freePorts(2);
  if (broker === undefined || controller === undefined) throw new KafkaLaunchError('no ports');
  const ports: BrokerPorts = { broker, controller };
  const dataDir = await mkdtemp(join(tmpdir(), 'cavra-kafka-'));
  const classpath = join(kafkaDir, 'lib', '*');
  const local = new LocalKafkaProcess(version, dataDir, classpath, ports, options);
  try {
    await writeFile(join(dataDir, 'server.properties'), serverProperties(dataDir, ports));
    await writeFile(join(dataDir, 'log4j.properties'), log4jProperties(dataDir));
    await formatStorage(dataDir, classpath);
    await local.start();
    return local;
  } catch (err) {
    await local.destroy();
    throw err;
  }
}

/** Formats the KRaft metadata log with a fresh cluster id. */
async function formatStorage(dataDir: string, classpath: string): Promise<void> {
  const config = join(dataDir, 'server.properties');
  // `--cluster-id=<id>` in one argument: an id may start with '-', which a separate argument
  // would make look like an option.
  const format = ['format', '--ignore-formatted', `--cluster-id=${newClusterId()}`, '-c', config];
  await runToEnd('java', [
    ...jvmArgs(dataDir, '128m'),
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    ...format,
  ]);
}

function jvmArgs(dataDir: string, heap: string): string[] {
  return [
    `-Xmx${heap}`,
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=${pathToFileURL(join(dataDir, 'log4j.properties')).href}`,
    `-Dkafka.logs.dir=${dataDir}`,
  ];
}

class LocalKafkaProcess implements LocalKafka {
  readonly brokers: string[];
  private child: ChildProcess | undefined;
  private watchdog: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly killOnExit = (): void => this.signal('SIGKILL');

  constructor(
    readonly version: string,
    readonly dataDir: string,
    private readonly classpath: string,
    ports: BrokerPorts,
    private readonly options: LaunchOptions,
  ) {
    this.brokers = [`127.0.0.1:${ports.broker}`];
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const out = openSync(join(this.dataDir, 'stdout.log'), 'a');
    const args = [...jvmArgs(this.dataDir, this.options.heap ?? '512m'), '-cp', this.classpath];
    // A process group of its own, so stop() can signal the JVM and anything it forked.
    const child = spawn('java', [...args, 'kafka.Kafka', join(this.dataDir, 'server.properties')], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    process.once('exit', this.killOnExit);
    this.watchdog = startWatchdog(child, this.dataDir);
    await this.waitUntilReady(child);
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    process.removeListener('exit', this.killOnExit);
    this.signal('SIGTERM');
    const grace = this.options.stopGraceMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), grace);
    });
    const late = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) this.signal('SIGKILL');
    await this.exited;
    this.child = undefined;
    this.watchdog?.kill();
    this.watchdog = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone: nothing left to signal.
    }
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    const admin = new Kafka({
      clientId: 'cavra-kafka-launcher',
      brokers: this.brokers,
      connectionTimeout: 1000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new KafkaLaunchError(`broker exited early: ${await this.logTail()}`);
        }
        if (await answers(admin)) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await this.stop();
    throw new KafkaLaunchError(`broker did not answer within the timeout: ${await this.logTail()}`);
  }

  private async logTail(): Promise<string> {
    const text = await readFile(join(this.dataDir, 'stdout.log'), 'utf8').catch(() => '');
    return text.slice(-2000) || `(see ${this.dataDir}/server.log)`;
  }
}

/**
 * 'exit' handlers do not run when this process is killed outright; a tiny shell loop then kills
 * the JVM's group and deletes its data, so no orphaned broker holds memory on a shared machine.
 */
function startWatchdog(child: ChildProcess, dataDir: string): ChildProcess | undefined {
  if (child.pid === undefined) return undefined;
  const script =
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
    `kill -KILL -${child.pid}; sleep 1; rm -rf "$1"`;
  const watchdog = spawn('sh', ['-c', script, 'kafka-watchdog', dataDir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}

async function answers(admin: ReturnType<Kafka['admin']>): Promise<boolean> {
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    await admin.disconnect().catch(() => undefined);
    return false;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const kafka = await launchKafka();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const address = kafka.brokers.join(',');
  console.log(`kafka: apache kafka ${kafka.version} (jars, KRaft) at ${address} in ${seconds}s`);
  console.log(`KAFKA_BROKERS=${address}`);
  console.log(`data and logs: ${kafka.dataDir}; Ctrl-C stops and deletes them`);
  const shutdown = (): void => {
    void kafka.destroy().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
