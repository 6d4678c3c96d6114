import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, SecretValue } from '../src/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function parseError(text: string, env: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(text, 'cavra.yaml', { env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('fills defaults for the embedded single-process set-up', () => {
    const config = parseConfig('tenants: [{ id: acme }]\n', 'cavra.yaml', { env: {} });
    expect(config.bus).toEqual({ kind: 'embedded', path: '.cavra/bus.db' });
    expect(config.store).toEqual({ kind: 'sqlite', path: '.cavra/cavra.db' });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.tenants[0]).toMatchObject({ policyPacks: ['cavra-baseline'], mode: 'enforce' });
  });

  it('resolves ${env:...} and ${file:...} into secrets that never print', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cavra-config-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'db-url'), 'postgres://app:fake-pass@db:5432/cavra\n');
    writeFileSync(
      join(dir, 'cavra.yaml'),
      [
        'store: { kind: postgres, url: "${file:db-url}" }',
        'tenants:',
        '  - id: acme',
        '    apiKeys: ["${env:ACME_KEY}"]',
      ].join('\n'),
    );
    const { config } = loadConfig(join(dir, 'cavra.yaml'), { env: { ACME_KEY: 'fake-key-123' } });
    const key = config.tenants[0]?.apiKeys[0];
    expect(key).toBeInstanceOf(SecretValue);
    expect(key?.reveal()).toBe('fake-key-123');
    expect(config.store.kind === 'postgres' && config.store.url.reveal()).toBe(
      'postgres://app:fake-pass@db:5432/cavra',
    );
    expect(JSON.stringify(config)).not.toMatch(/fake-key-123|fake-pass/);
    expect(`${key}`).toBe('[secret]');
  });

  it('names the key of a missing environment variable', () => {
    const error = parseError('tenants: [{ id: acme, apiKeys: ["${env:NOPE}"] }]');
    expect(error.issues).toEqual([
      { path: 'tenants[0].apiKeys[0]', message: 'environment variable NOPE is not set' },
    ]);
  });

  it('names every bad field with the expectation', () => {
    const error = parseError(
      [
        'bus: { kind: kafka, brokers: ["nohost"] }',
        'api: { port: 99999 }',
        'tenants: [{ id: Acme }]',
        'connectors: [{ name: a, kind: file, tenant: other, route: { outcomes: [maybe] } }]',
      ].join('\n'),
    );
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bus.brokers[0]',
        'api.port',
        'tenants[0].id',
        'connectors[0].route.outcomes[0]',
      ]),
    );
    expect(error.message).toMatch(/bus\.brokers\[0\]: host:port/);
  });

  it('rejects duplicate connector names and unknown tenants', () => {
    const error = parseError(
      [
        'tenants: [{ id: acme }]',
        'connectors:',
        '  - { name: sink, kind: file, tenant: acme }',
        '  - { name: sink, kind: file, tenant: beta }',
      ].join('\n'),
    );
    expect(error.issues).toEqual([
      { path: 'connectors[1].name', message: 'duplicate name "sink"' },
      { path: 'connectors[1].tenant', message: 'unknown tenant "beta"' },
    ]);
  });

  it('says what to do when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/cavra.yaml', { env: {} })).toThrow(/--config FILE/);
  });
});
