/**
 * Hostile input: every input completes, planted secrets never survive, and the work grows
 * linearly (4x the input takes well under 12x the time; the best of several runs is compared
 * so a loaded machine does not fail the test, while catastrophic backtracking still would).
 */
import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../src/index.ts';
import { fakes, Prng } from './corpus/fakes.ts';

const rng = new Prng(4242);
const f = fakes(rng);
const repeat = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const HOSTILE: Record<string, (n: number) => string> = {
  'run of a': repeat('a'),
  'run of =': repeat('='),
  'run of :': repeat(':'),
  'run of /': repeat('/'),
  'run of -': repeat('-'),
  'run of spaces': repeat(' '),
  'run of backslashes': repeat('\\'),
  'escaped newlines': repeat('\\n'),
  'BEGIN without END': repeat('-----BEGIN RSA PRIVATE KEY-----'),
  'BEGIN and stray END': repeat('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END '),
  eyJ: repeat('eyJ'),
  'eyJ segments': repeat('eyJabcdefgh.'),
  'aaaa@': repeat('aaaa@'),
  'nested quotes': repeat(`"\\"'`),
  'password=': repeat('password='),
  'JSON password key': repeat('"password": "'),
  'YAML password lines': repeat('password: a '),
  'scheme://user:': repeat('a://a:'),
  'URL without host': repeat('postgres://u:p'),
  'Authorization: Bearer': repeat('Authorization: Bearer '),
  'header names': repeat('X-API-Key: '),
  '--password flags': repeat('--password '),
  'netrc logins': repeat('login a '),
  'netrc passwords': repeat('login a password '),
  'mysql -p': repeat('mysql -p '),
  'a-a-a': repeat('a-'),
  ghp_: repeat('ghp_'),
  'sk-': repeat('sk-'),
  'a=a=a': repeat('a='),
  'token=a': repeat('token=a'),
  'JSON keys': repeat('"a":'),
  'quoted key prefix': repeat('"token'),
  'sig=': repeat('sig='),
  '${': repeat('${'),
  base64ish: (n) => rng.chars('ABCDEFabcdef0123+/=', n),
  'random bytes': (n) =>
    Array.from({ length: n }, () => String.fromCharCode(rng.int(0, 255))).join(''),
  'random punctuation': (n) => rng.chars(`:=/\\"'-@ \n{}[],;aZ9_.`, n),
};

/** Secrets planted into each hostile input, on lines of their own. */
function planted(): string[] {
  return [
    f.githubToken(),
    f.awsKeyId(),
    f.stripeKey(),
    f.jwt(),
    f.slackToken(),
    f.googleApiKey(),
    f.vaultToken(),
  ];
}

function withSecrets(hostile: string, secrets: string[], password: string, pem: string[]): string {
  const third = Math.floor(hostile.length / 3);
  return [
    secrets.join('\n'),
    hostile.slice(0, third),
    `DB_PASSWORD=${password}`,
    hostile.slice(third, 2 * third),
    pem.join('\n'),
    hostile.slice(2 * third),
    secrets.join(' '),
  ].join('\n');
}

/** The best of `runs` timings of redacting `text`, in milliseconds. */
function bestTime(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    redactText(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * 4x the input in under 12x the time. A loaded machine can stall one measurement, so a failed
 * comparison is measured again (up to 3 times); super-linear matching fails every time.
 */
function scalesLinearly(small: string, big: string): boolean {
  bestTime(small, 1); // warm up
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const tSmall = bestTime(small, 5);
    const tBig = bestTime(big, 3);
    // 2 ms of slack keeps sub-millisecond timings from tripping on timer noise.
    if (tBig < 12 * tSmall + 2) return true;
  }
  return false;
}

const SMALL = 256 * 1024;
const LARGE = 4 * SMALL;

describe('hostile input', () => {
  it.each(Object.keys(HOSTILE))('%s: completes, leaks nothing, scales linearly', (name) => {
    const make = HOSTILE[name]!;
    const secrets = planted();
    const password = f.password();
    const pem = f.pem('RSA PRIVATE KEY', 4);
    const large = withSecrets(make(LARGE), secrets, password, pem);

    const t0 = performance.now();
    const out = redactText(large).value;
    // A safety net only: catastrophic backtracking on 1 MiB takes minutes, not seconds.
    expect(performance.now() - t0).toBeLessThan(20_000);
    for (const secret of [...secrets, password, ...pem.slice(1, -1)]) {
      expect(out.includes(secret), `${name} leaked ${secret.slice(0, 12)}...`).toBe(false);
    }

    expect(scalesLinearly(make(SMALL), make(LARGE)), name).toBe(true);
  });

  it('random strings from a seeded PRNG: no throw, planted secret removed, idempotent', () => {
    const alphabet = `abcXYZ019_-.:=/\\"'@ \n\t{}[],;$%*#!?&|<>()~+`;
    for (let i = 0; i < 300; i += 1) {
      const secret = f.githubToken();
      const noise = rng.chars(alphabet, rng.int(0, 4000));
      const at = rng.int(0, noise.length);
      const text = `${noise.slice(0, at)} ${secret} ${noise.slice(at)}`;
      const once = redactText(text).value;
      expect(once.includes(secret)).toBe(false);
      expect(redactText(once).value).toBe(once);
    }
  });

  it('a 1 MiB string inside a value and a wide object complete', () => {
    const secret = f.npmToken();
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20_000; i += 1)
      wide[`k${i}`] = i % 1000 === 0 ? `token ${secret}` : 'a=b:c';
    const value = {
      blob: 'x'.repeat(1 << 20) + ' ' + secret,
      wide,
      list: Array(10_000).fill('--password'),
    };
    const out = JSON.stringify(redactValue(value).value);
    expect(out.includes(secret)).toBe(false);
  });
});
