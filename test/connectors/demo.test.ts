/**
 * `cavra demo` against `cavra up` on the sample configuration (embedded bus, file sinks), each in
 * its own process in a temp directory: twelve decisions reach the SIEM file, redacted.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../support/cli.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('cavra demo', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('fails with what to run when the API is not reachable', async () => {
    const port = await freePort();
    const failure = await run(TSX, [CLI, 'demo', '--api', `http://127.0.0.1:${port}`]).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('pnpm start');
  });

  it(
    'posts the session and finds every decision in the SIEM file',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cavra-demo-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const port = await freePort();
      const sample = readFileSync(join(ROOT, 'deploy', 'config', 'cavra.sample.yaml'), 'utf8');
      writeFileSync(join(dir, 'cavra.yaml'), sample.replace('port: 8080', `port: ${port}`));

      const up = spawn(TSX, [CLI, 'up', '--config', 'cavra.yaml', '--log-level', 'warn'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => up.once('exit', (code) => resolve(code)));
      cleanups.push(async () => {
        up.kill('SIGTERM');
        await exited;
      });
      const api = `http://127.0.0.1:${port}`;
      await waitFor(
        () =>
          fetch(`${api}/healthz`).then(
            (r) => r.ok,
            () => false,
          ),
        'cavra up',
        60_000,
      );

      const { stdout } = await run(TSX, [CLI, 'demo', '--api', api, '--config', 'cavra.yaml'], {
        cwd: dir,
        timeout: 90_000,
      });

      expect(stdout).toMatch(/siem-file: 12 of 12 demo decisions/);
      expect(stdout).toContain('terraform-apply-auto-approve');
      expect(stdout).toContain('redacted in every sink');
      const siem = readFileSync(join(dir, '.cavra', 'out', 'siem.ndjson'), 'utf8');
      expect(siem).toContain('[REDACTED:aws_access_key_id]');
      expect(siem).toContain('[REDACTED:github_token]');
      expect(siem).not.toMatch(/AKIAQ3FAKEKEY7DEMOXY|ghp_FAKEdemo0Token/);
    },
  );
});
