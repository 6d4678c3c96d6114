/**
 * Bench inputs built from the labelled redaction corpus: a secret-dense mix (every line holds a
 * planted secret or a look-alike) and a typical log mix (one corpus case per ten clean log lines,
 * as in a connector's traffic).
 */
import { buildCorpus, Prng, type CorpusCase } from '../../packages/redact/test/corpus/index.ts';

/** A bench input: the texts fed one by one, and the labelled secrets they hold. */
export interface BenchInput {
  name: string;
  texts: string[];
  cases: CorpusCase[];
  bytes: number;
}

function cleanLogLine(r: Prng, i: number): string {
  const hex = (n: number) => r.chars('0123456789abcdef', n);
  return JSON.stringify({
    level: 30,
    time: 1_750_000_000_000 + i * 17,
    service: r.pick(['connector-siem', 'connector-chatops', 'decision', 'evidence']),
    msg: r.pick([
      'delivered decision',
      'policy evaluated',
      'retry scheduled after 429',
      'evidence appended',
      `GET /v1/decisions/${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)} 200`,
      `executed git rev-parse ${hex(40)} in /home/dev/src/app`,
    ]),
    traceId: hex(32),
    spanId: hex(16),
    durationMs: r.int(1, 900),
    digest: `sha256:${hex(64)}`,
  });
}

function byteLength(texts: string[]): number {
  return texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
}

/** Builds the secret-dense and typical mixes, each of about `targetBytes`. */
export function buildMixes(targetBytes = 3 * 1024 * 1024): BenchInput[] {
  const dense: CorpusCase[] = [];
  for (let seed = 1; byteLength(dense.map((c) => c.text)) < targetBytes; seed += 1) {
    dense.push(...buildCorpus(seed, 4));
  }

  const r = new Prng(77);
  const typicalTexts: string[] = [];
  const typicalCases: CorpusCase[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i += 1) {
    const line = i % 11 === 10 ? dense[((i / 11) % dense.length) | 0]! : undefined;
    const text = line?.text ?? cleanLogLine(r, i);
    if (line !== undefined) typicalCases.push(line);
    typicalTexts.push(text);
    bytes += Buffer.byteLength(text);
  }

  return [
    {
      name: 'secret-dense corpus',
      texts: dense.map((c) => c.text),
      cases: dense,
      bytes: byteLength(dense.map((c) => c.text)),
    },
    {
      name: 'typical log mix (1 case : 10 clean lines)',
      texts: typicalTexts,
      cases: typicalCases,
      bytes,
    },
  ];
}
