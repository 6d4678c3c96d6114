import { hostname } from 'node:os';
import { basename } from 'node:path';
import { defineConnectorKind } from '../../kind.ts';
import { FileConfig } from './config.ts';
import { mapNdjsonLine } from './mapper.ts';
import { FileSender } from './sender.ts';

export { FileConfig } from './config.ts';
export { mapNdjsonLine } from './mapper.ts';
export { FileSender } from './sender.ts';

/**
 * `file`: one NDJSON line per event appended to a local file. `lookup` scans the file, so a
 * crash between the append and the commit writes no second line.
 */
export const fileKind = defineConnectorKind({
  kind: 'file',
  configSchema: FileConfig,
  create(config) {
    const sender = new FileSender(config.path);
    return {
      destination: { kind: 'file', name: basename(sender.path), host: hostname() },
      map: mapNdjsonLine,
      send: (payload) => sender.send(payload),
      lookup: (_key, eventId) => sender.lookup(eventId),
    };
  },
});
