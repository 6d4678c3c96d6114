import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cavra/telemetry';
import { ConnectorConfig } from '@cavra/config';
import { defaultKinds } from '../src/index.ts';
import { startWebhookPeer } from '../../../test/peers/webhook/index.ts';
import { senderContract } from './sender-contract.ts';

const logger = createLogger({ name: 'contract', level: 'silent' });
const create = (fields: object) =>
  defaultKinds.create(ConnectorConfig.parse({ name: 'dest', tenant: 'acme', ...fields }), {
    logger,
  });

senderContract('file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cavra-contract-'));
  return {
    working: create({ kind: 'file', path: join(dir, 'out.ndjson') }),
    broken: create({ kind: 'file', path: dir }),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

senderContract('webhook', async () => {
  const secret = 'fake-contract-secret';
  const peer = await startWebhookPeer({ secret });
  const down = await startWebhookPeer({ secret });
  await down.goDown();
  const working = create({ kind: 'webhook', url: `${peer.url}?token=abc`, secret, timeoutMs: 500 });
  const broken = create({ kind: 'webhook', url: down.url, secret, timeoutMs: 500 });
  return {
    working,
    broken,
    async close() {
      await working.close?.();
      await broken.close?.();
      await peer.close();
    },
  };
});
