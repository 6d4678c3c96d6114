/** `cavra redact`, run as a real process with real stdin. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakes, Prng } from './corpus/fakes.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const main = join(repo, 'packages', 'cli', 'src', 'main.ts');
const f = fakes(new Prng(99));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cavraRedact(args: string[], stdin: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [main, 'redact', ...args], { cwd: repo, timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('cavra redact', () => {
  it('redacts text from stdin, private key blocks whole, and prints a summary', async () => {
    const password = f.password();
    const token = f.githubToken();
    const pem = f.pem('RSA PRIVATE KEY', 5);
    // Enough text before the key that the stream is cut into pieces around it.
    const filler = Array.from({ length: 3000 }, (_, i) => `line ${i} host=db-${i}.corp.internal`);
    const input = [
      ...filler,
      `DB_PASSWORD=${password}`,
      ...pem,
      `git push https://${token}@github.com/corp/app`,
      ...filler,
    ].join('\n');

    const run = await cavraRedact(['--summary'], input);

    expect(run.code).toBe(0);
    for (const secret of [password, token, ...pem.slice(1, -1)])
      expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain('DB_PASSWORD=[REDACTED:password]\n[REDACTED:private_key]\n');
    expect(run.stdout).toContain('git push https://[REDACTED:github_token]@github.com/corp/app');
    expect(run.stdout.split('\n')).toHaveLength(input.split('\n').length - pem.length + 1);
    expect(run.stderr).toContain('github_token: 1');
    expect(run.stderr).toContain('private_key: 1');
    expect(run.stderr).toContain('password: 1');
  });

  it('--ndjson redacts every string of each line and keeps keys and other values', async () => {
    const key = f.awsKeyId();
    const lines = [
      JSON.stringify({ password: 'hunter2-' + f.hex32(), count: 3, ok: true, user: 'alice' }),
      JSON.stringify(['mysql', '-u', 'root', '-p', 'S3cret-' + f.hex32()]),
      JSON.stringify({ note: `rotated ${key}`, nested: { list: [null, 1.5, `AWS_KEY=${key}`] } }),
    ];

    const run = await cavraRedact(['--ndjson'], lines.join('\n') + '\n');

    expect(run.code).toBe(0);
    const out = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(out).toEqual([
      { password: '[REDACTED:password]', count: 3, ok: true, user: 'alice' },
      ['mysql', '-u', 'root', '-p', '[REDACTED:password]'],
      {
        note: 'rotated [REDACTED:aws_access_key_id]',
        nested: { list: [null, 1.5, 'AWS_KEY=[REDACTED:aws_access_key_id]'] },
      },
    ]);
  });

  it('--ndjson exits 2 on an invalid line, names the line and never echoes it', async () => {
    const token = f.slackToken();
    const input = `{"a":"b"}\n{"token": "${token}", broken\n{"c":"d"}\n`;

    const run = await cavraRedact(['--ndjson'], input);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('line 2');
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout).toBe('{"a":"b"}\n{"c":"d"}\n');
  });
});
