/**
 * The fabric as separate services, as `docker compose up` and the Helm chart run it: three
 * `cavra up --role ...` processes on the real Kafka broker and PostgreSQL. Decisions posted to
 * the decision service reach the connector worker's sink, redacted, and the evidence service
 * chains each decision and each delivery into the ledger the decision service serves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnCavra, waitFor } from '../support/cli.ts';
import { kafkaBrokers, uniqueName } from '../support/kafka.ts';
import { createTempSchema } from '../support/postgres.ts';

const FAKE_AWS_KEY = 'AKIAQ3FAKEKEY7ROLESX';

interface LedgerEntry {
  recordType: string;
  recordId: string;
  record: { eventId?: string; connector?: string; outcome?: string };
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the fabric as separate services on Kafka and PostgreSQL', () => {
  it(
    'decides, delivers and chains evidence across three processes',
    { timeout: 240_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cavra-roles-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const decisions = await createTempSchema('cavra_roles');
      cleanups.push(() => decisions.drop());
      const evidence = await createTempSchema('cavra_roles_ev');
      cleanups.push(() => evidence.drop());

      const port = await freePort();
      const id = (prefix: string) =>
        uniqueName(prefix)
          .replace(/[^a-z0-9-]/g, '-')
          .slice(0, 40);
      const tenant = id('roles');
      const sink = join(dir, 'out', 'siem.ndjson');
      const base = `postgres://${decisions.user}@${decisions.host}:${decisions.port}/${decisions.database}`;
      const config = {
        bus: { kind: 'kafka', brokers: kafkaBrokers(), clientId: 'cavra-roles-test' },
        store: { kind: 'postgres', url: base, schema: decisions.schema },
        evidence: { store: { kind: 'postgres', url: base, schema: evidence.schema } },
        api: { host: '127.0.0.1', port },
        tenants: [{ id: tenant }],
        connectors: [{ name: id('siem'), kind: 'file', tenant, path: sink }],
      };
      // JSON is YAML: the configuration file as an operator would mount it.
      writeFileSync(join(dir, 'cavra.yaml'), JSON.stringify(config, null, 2));

      for (const role of ['evidence', 'connectors', 'decision']) {
        const service = spawnCavra(dir, [
          'up',
          '--config',
          'cavra.yaml',
          '--role',
          role,
          '--log-level',
          'warn',
        ]);
        cleanups.push(async () =>
          expect(await service.stop(), `${role}: ${service.stderr()}`).toBe(0),
        );
      }
      const api = `http://127.0.0.1:${port}`;
      await waitFor(
        () =>
          fetch(`${api}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        'the decision role',
        90_000,
      );

      const ids: string[] = [];
      for (const [type, target] of [
        ['read_file', '.env'],
        ['write_file', 'src/app.ts'],
        ['execute_command', `AWS_ACCESS_KEY_ID=${FAKE_AWS_KEY} aws s3 ls`],
      ]) {
        const response = await fetch(`${api}/v1/decisions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            sessionId: 'roles-session',
            agent: { id: 'agent-1' },
            actor: 'alice',
            action: { type, target },
          }),
        });
        expect(response.status).toBe(200);
        ids.push(((await response.json()) as { decisionId: string }).decisionId);
      }

      const lines = await waitFor(
        () => {
          if (!existsSync(sink)) return undefined;
          const found = readFileSync(sink, 'utf8').trimEnd().split('\n');
          return found.length >= ids.length ? found : undefined;
        },
        'the connector role to deliver',
        120_000,
      );
      expect(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual(
        [...ids].sort(),
      );
      expect(lines.join('\n')).not.toContain(FAKE_AWS_KEY);
      expect(lines.join('\n')).toContain('[REDACTED:aws_access_key_id]');

      const entries = await waitFor(
        async () => {
          const response = await fetch(`${api}/v1/evidence?tenant=${tenant}&limit=500`);
          const { entries: all } = (await response.json()) as { entries: LedgerEntry[] };
          const delivered = all.filter((e) => e.record.outcome === 'delivered');
          return delivered.length >= ids.length ? all : undefined;
        },
        'the evidence role to chain every delivery',
        120_000,
      );
      for (const id of ids) {
        expect(
          entries.filter((e) => e.recordId === id && e.recordType === 'dev.cavra.decision.v1'),
        ).toHaveLength(1);
        expect(
          entries.filter((e) => e.record.eventId === id && e.record.outcome === 'delivered'),
        ).toHaveLength(1);
      }
      expect(JSON.stringify(entries)).not.toContain(FAKE_AWS_KEY);
    },
  );
});
