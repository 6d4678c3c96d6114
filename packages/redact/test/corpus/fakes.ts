/**
 * Fake credentials with the shape of real ones, drawn from a seeded PRNG so every run builds
 * the same corpus. None of them is, or was, a working credential.
 */

/** A small deterministic PRNG (mulberry32). */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1)
      out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return out;
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';
const BASE32 = UPPER + '234567';

/** Generators of fake secrets by type. */
export function fakes(r: Prng) {
  const mixed = (n: number): string => {
    // Guarantee lower, upper and digit, as real generated keys have.
    return r.chars(LOWER, 1) + r.chars(UPPER, 1) + r.chars(DIGITS, 1) + r.chars(ALNUM, n - 3);
  };
  const b64 = (bytes: number): string => {
    const n = Math.ceil(bytes / 3) * 4;
    const pad = bytes % 3 === 0 ? 0 : 3 - (bytes % 3);
    return r.chars(B64, n - pad) + '='.repeat(pad);
  };
  const pemBody = (lines: number): string[] =>
    Array.from({ length: lines }, (_, i) =>
      i === lines - 1 ? r.chars(B64, 28) + '==' : r.chars(B64, 64),
    );
  return {
    password: (): string =>
      r.chars(ALNUM, 1) + r.chars(ALNUM + '!%^*_+-.@~', r.int(10, 18)) + r.chars(DIGITS, 1),
    urlPassword: (): string =>
      r.chars(ALNUM, 1) + r.chars(ALNUM + '_.~-', r.int(10, 20)) + r.chars(DIGITS, 1),
    awsKeyId: (): string => r.pick(['AKIA', 'ASIA']) + r.chars(BASE32, 16),
    awsSecret: (): string => r.chars(B64, 40),
    awsSessionToken: (): string => 'FwoGZXIvYXdzE' + r.chars(B64, r.int(180, 300)),
    githubToken: (): string => r.pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) + mixed(36),
    githubPat: (): string => 'github_pat_11' + r.chars(UPPER + DIGITS, 20) + '_' + mixed(59),
    gitlabToken: (): string => r.pick(['glpat-', 'glptt-', 'gldt-', 'glrt-']) + r.chars(B64URL, 20),
    npmToken: (): string => 'npm_' + mixed(36),
    pypiToken: (): string => 'pypi-AgEIcHlwaS5vcmc' + r.chars(B64URL, r.int(60, 140)),
    slackToken: (): string =>
      r.pick(['xoxb', 'xoxp', 'xoxa', 'xoxs']) +
      `-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${mixed(24)}`,
    slackAppToken: (): string =>
      `xapp-1-A${r.chars(UPPER + DIGITS, 10)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 64)}`,
    slackWebhookPath: (): string =>
      `T${r.chars(UPPER + DIGITS, 8)}/B${r.chars(UPPER + DIGITS, 10)}/${mixed(24)}`,
    stripeKey: (): string => r.pick(['sk_live_', 'rk_live_', 'sk_test_']) + mixed(r.pick([24, 99])),
    sendgridKey: (): string => `SG.${r.chars(B64URL, 22)}.${r.chars(B64URL, 43)}`,
    twilioSid: (): string => 'SK' + r.chars(HEX, 32),
    twilioAccount: (): string => 'AC' + r.chars(HEX, 32),
    hex32: (): string => r.chars(HEX, 32),
    hex40: (): string => r.chars(HEX, 40),
    mailgunKey: (): string => 'key-' + r.chars(HEX, 32),
    openaiKey: (): string => r.pick(['sk-proj-', 'sk-svcacct-']) + r.chars(B64URL, 20) + mixed(100),
    openaiLegacy: (): string => 'sk-' + mixed(48),
    anthropicKey: (): string => 'sk-ant-api03-' + r.chars(B64URL, 10) + mixed(83) + 'AA',
    googleApiKey: (): string =>
      'AIza' +
      r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 2) +
      r.chars(B64URL, 33),
    azureAccountKey: (): string => b64(64),
    azureSasSig: (): string => r.chars(ALNUM + '%', 42) + '%3D',
    azureClientSecret: (): string =>
      r.chars(ALNUM, 3) + r.chars(DIGITS, 1) + 'Q~' + r.chars(ALNUM + '_~.-', 34),
    vaultToken: (): string => 'hvs.' + mixed(90),
    vaultLegacy: (): string => 's.' + mixed(24),
    jwt: (): string => {
      const header = Buffer.from(
        '{"alg":"RS256","typ":"JWT","kid":"' + r.chars(HEX, 8) + '"}',
      ).toString('base64url');
      const payload = Buffer.from(
        `{"sub":"${r.chars(HEX, 12)}","iat":${r.int(1.6e9, 1.8e9)}}`,
      ).toString('base64url');
      return `${header}.${payload}.${r.chars(B64URL, 43)}`;
    },
    pem: (label: string, lines = 6): string[] => [
      `-----BEGIN ${label}-----`,
      ...pemBody(lines),
      `-----END ${label}-----`,
    ],
    basicCredential: (user: string): string =>
      Buffer.from(`${user}:${r.chars(ALNUM, 14)}`).toString('base64'),
    bearer: (): string => mixed(r.int(32, 48)),
    genericKey: (): string => mixed(r.int(24, 40)),
    /** Non-secret look-alikes. */
    gitSha: (): string => r.chars(HEX, 40),
    sha256: (): string => r.chars(HEX, 64),
    uuid: (): string =>
      `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`,
    traceId: (): string => r.chars(HEX, 32),
    spanId: (): string => r.chars(HEX, 16),
    accountId: (): string => r.chars(DIGITS, 12),
    requestId: (): string => 'req_' + r.chars(UPPER + DIGITS, 26),
    user: (): string =>
      r.pick(['alice', 'bob', 'carol', 'deploy', 'svc-ci', 'jenkins', 'ops_admin', 'analytics']),
    host: (): string =>
      `${r.pick(['db', 'cache', 'mq', 'api', 'kafka', 'search'])}-${r.int(1, 9)}.${r.pick(['prod', 'stage', 'corp'])}.internal`,
    word: (): string => r.pick(['orders', 'billing', 'payments', 'inventory', 'audit', 'metrics']),
    b64Text: (): string =>
      Buffer.from(r.pick(['hello world', 'build finished', '{"ok":true}'])).toString('base64'),
  };
}

export type Fakes = ReturnType<typeof fakes>;
