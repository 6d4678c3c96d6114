import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CavraConfig } from '@cavra/config';
import { createEmbeddedBus, type EventBus } from '@cavra/bus';
import { createLogger } from '@cavra/telemetry';
import { Topics } from '@cavra/contracts';
import { ConnectorConfigError, startConnectors } from '../src/index.ts';
import { sampleEvent } from './fixtures.ts';
import { waitFor } from './harness.ts';

describe('startConnectors', () => {
  let dir: string;
  let bus: EventBus;
  const logger = createLogger({ name: 'test', level: 'silent' });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cavra-start-'));
    bus = createEmbeddedBus({ path: join(dir, 'bus.db'), pollIntervalMs: 10 });
  });
  afterEach(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (connectors: object[]) =>
    CavraConfig.parse({
      store: { kind: 'sqlite', path: join(dir, 'cavra.db') },
      tenants: [{ id: 'acme' }, { id: 'globex' }],
      connectors,
    });

  it('names connectors[i].kind and the known kinds for an unknown kind', async () => {
    const bad = config([
      { name: 'ok', kind: 'file', tenant: 'acme', path: join(dir, 'a.ndjson') },
      { name: 'typo', kind: 'splunk', tenant: 'acme' },
    ]);
    const started = startConnectors({ config: bad, bus, logger });
    await expect(started).rejects.toBeInstanceOf(ConnectorConfigError);
    await expect(started).rejects.toThrow(
      'connectors[1].kind: expected one of webhook, file, got "splunk"',
    );
  });

  it('names the bad kind field', async () => {
    const bad = config([
      { name: 'hook', kind: 'webhook', tenant: 'acme', url: 'ftp://x', secret: 's' },
    ]);
    await expect(startConnectors({ config: bad, bus, logger })).rejects.toThrow(
      /connectors\[0\]\.url/,
    );
  });

  it('starts every enabled connector, each delivering only its tenant', async () => {
    const acmeFile = join(dir, 'out', 'acme.ndjson');
    const globexFile = join(dir, 'out', 'globex.ndjson');
    const running = await startConnectors({
      config: config([
        { name: 'acme-file', kind: 'file', tenant: 'acme', path: acmeFile },
        { name: 'globex-file', kind: 'file', tenant: 'globex', path: globexFile },
        { name: 'off', kind: 'file', tenant: 'acme', enabled: false, path: join(dir, 'off') },
      ]),
      bus,
      logger,
    });
    try {
      expect(running.connectors.map((c) => c.name)).toEqual(['acme-file', 'globex-file']);
      const events = [sampleEvent({}, 'a1'), sampleEvent({ tenant: 'globex' }, 'g1')];
      await bus.publish(
        Topics.decisions,
        events.map((event) => ({ key: `${event.tenant}:${event.id}`, event })),
      );
      const has = (file: string, id: string) =>
        existsSync(file) && readFileSync(file, 'utf8').includes(`"id":"${id}"`);
      await waitFor(() => has(acmeFile, 'a1') && has(globexFile, 'g1'), 'both deliveries');
      expect(readFileSync(acmeFile, 'utf8')).toContain('"id":"a1"');
      expect(readFileSync(acmeFile, 'utf8')).not.toContain('"id":"g1"');
      expect(readFileSync(globexFile, 'utf8')).toContain('"id":"g1"');
      expect(readFileSync(globexFile, 'utf8')).not.toContain('"id":"a1"');
      expect(existsSync(join(dir, 'off'))).toBe(false);
    } finally {
      await running.stop();
    }
  });
});
