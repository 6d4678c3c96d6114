/**
 * Vitest global set-up: starts the real Kafka broker when the selected test files need one, and
 * hands its address (and a control endpoint) to the tests through `inject`.
 */
import { readFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startControlServer } from './control-server.ts';
import { acquireKafka, type KafkaSource } from './kafka-source.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap brokers, or empty when no selected test file mentions Kafka. */
    kafkaBrokers: string[];
    /** Base URL of the broker control endpoint (see test/support/kafka.ts). */
    kafkaControlUrl: string;
  }
}

/** Starts what the run needs; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let kafka: KafkaSource | undefined;
  if (await runNeedsKafka(project)) {
    const started = Date.now();
    kafka = await acquireOrFail();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`kafka: ${kafka.description} (ready in ${seconds}s)`);
    process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  }
  const control = await startControlServer(kafka?.control);
  process.env.CAVRA_KAFKA_CONTROL_URL = control.url;
  project.provide('kafkaBrokers', kafka?.brokers ?? []);
  project.provide('kafkaControlUrl', control.url);

  return async function teardown() {
    await control.close();
    await kafka?.dispose();
  };
}

async function acquireOrFail(): Promise<KafkaSource> {
  try {
    return await acquireKafka();
  } catch (err) {
    // Tests must fail, never skip silently, when a broker cannot be had.
    throw new Error(`no Kafka broker for the tests: ${String(err)}`, { cause: err });
  }
}

/**
 * Starts the broker only for runs that include a file mentioning Kafka, so runs of unrelated
 * packages do not pay for a JVM. `CAVRA_TEST_KAFKA=always|never` overrides the guess.
 */
async function runNeedsKafka(project: TestProject): Promise<boolean> {
  const mode = process.env.CAVRA_TEST_KAFKA ?? 'auto';
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  // Vitest sets the CLI file filters before the global set-up runs; it has no public getter.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters ?? []);
  for (const file of testFiles) {
    if (/kafka/i.test(await readFile(file, 'utf8'))) return true;
  }
  return false;
}
