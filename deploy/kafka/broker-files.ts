import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Ports of one broker: clients talk to `broker`, the KRaft quorum to `controller`. */
export interface BrokerPorts {
  broker: number;
  controller: number;
}

/** The Kafka version of the jars in `libDir`, read from the broker jar's name, or undefined. */
export function jarVersion(libDir: string): string | undefined {
  if (!existsSync(libDir)) return undefined;
  for (const name of readdirSync(libDir)) {
    const match = /^kafka_2\.13-(\d+\.\d+\.\d+)\.jar$/.exec(name);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Fetches the broker jars with Maven when they are missing. Maven's own download log is the
 * progress display, written to stderr so that the launcher's stdout stays machine-readable. The
 * jars land in a temp folder renamed to `lib/` at the end, so a JVM started by another process
 * meanwhile never sees half a classpath.
 */
export async function ensureJars(kafkaDir: string): Promise<string> {
  const libDir = join(kafkaDir, 'lib');
  const found = jarVersion(libDir);
  if (found) return found;

  process.stderr.write(`kafka: fetching broker jars into ${libDir} with mvn...\n`);
  const staging = join(kafkaDir, `lib.fetch-${process.pid}`);
  const pom = join(kafkaDir, 'pom.xml');
  try {
    const args = ['-B', '-f', pom, 'dependency:copy-dependencies', `-Dkafka.lib.dir=${staging}`];
    await runToEnd('mvn', args, { showOutput: true });
    if (!jarVersion(libDir)) {
      rmSync(libDir, { recursive: true, force: true });
      renameSync(staging, libDir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const fetched = jarVersion(libDir);
  if (!fetched) throw new Error(`mvn finished but no kafka_2.13-*.jar is in ${libDir}`);
  return fetched;
}

/** Picks free loopback ports by binding port 0 and releasing it. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      return server;
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port assigned');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka expects. */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** server.properties of a single-node KRaft broker tuned for fast start and tests. */
export function serverProperties(dataDir: string, ports: BrokerPorts): string {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${ports.controller}`,
    listeners: `PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${ports.broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': join(dataDir, 'logs'),
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,
    'offsets.topic.replication.factor': 1,
    // Fewer internal partitions than the default 50 make the first group join much faster.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'log.retention.hours': 24,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n');
}

/** log4j 1.x settings: the broker logs to `server.log` in the data dir, never to our stdout. */
export function log4jProperties(dataDir: string): string {
  const file = join(dataDir, 'server.log').replaceAll('\\', '/');
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${file}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO',
    'log4j.logger.org.apache.kafka=INFO',
    'log4j.logger.state.change.logger=WARN',
  ].join('\n');
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function runToEnd(
  command: string,
  args: string[],
  options: { showOutput?: boolean; cwd?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // Shown output goes to stderr so the caller's stdout stays machine-readable.
      stdio: options.showOutput ? ['ignore', 2, 2] : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`),
        );
    });
  });
}
