import type { CloudEventEnvelope } from '@cavra/contracts';
import type { MappedPayload } from '../../kind.ts';

/** One NDJSON line: the (already redacted) CloudEvent and a newline. */
export function mapNdjsonLine(event: CloudEventEnvelope): MappedPayload {
  return { body: `${JSON.stringify(event)}\n`, contentType: 'application/x-ndjson' };
}
