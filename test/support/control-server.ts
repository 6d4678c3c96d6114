import { createServer, type Server } from 'node:http';
import type { BrokerControl } from './kafka-source.ts';

/**
 * A loopback HTTP endpoint through which test files (in vitest's forked workers) stop, start and
 * restart the broker that lives in the global set-up process: `POST /kafka/<action>`.
 */
export async function startControlServer(
  control: BrokerControl | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const action = /^\/kafka\/(stop|start|restart)$/.exec(req.url ?? '')?.[1] as
      keyof BrokerControl | undefined;
    if (req.method !== 'POST' || !action) {
      res.writeHead(404).end('POST /kafka/stop|start|restart');
      return;
    }
    if (!control) {
      res.writeHead(501).end('this run did not start the broker, so it cannot control it');
      return;
    }
    control[action]().then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${portOf(server)}`, close: () => closeServer(server) };
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('control server has no port');
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
