import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LookupResult, MappedPayload } from '../../kind.ts';
import { delivered, failed, retryable, type SendResult } from '../../send-result.ts';

const PERMANENT_CODES = new Set(['EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EROFS']);

/** Appends lines to one local file, fsync'd before the delivery counts. */
export class FileSender {
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  async send(payload: MappedPayload): Promise<SendResult> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(this.path, 'a');
      try {
        const { size } = await handle.stat();
        await handle.write(payload.body);
        await handle.sync();
        return delivered({ file: basename(this.path), offset: String(size) });
      } finally {
        await handle.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'io_error';
      const error = { code, message: `cannot append to ${basename(this.path)}: ${code}` };
      return PERMANENT_CODES.has(code) ? failed(error) : retryable(error);
    }
  }

  /** Scans the file for a line whose CloudEvent id is `eventId` (a crash after the append). */
  async lookup(eventId: string): Promise<LookupResult> {
    const needle = `"id":${JSON.stringify(eventId)}`;
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    let offset = 0;
    try {
      for await (const line of lines) {
        if (line.includes(needle) && lineEventId(line) === eventId) {
          return { file: basename(this.path), offset: String(offset) };
        }
        offset += Buffer.byteLength(line) + 1;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'unknown';
      throw err;
    }
    return 'unknown';
  }
}

function lineEventId(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { id?: string }).id;
  } catch {
    return undefined; // a torn last line from a crash mid-append is not a delivery
  }
}
