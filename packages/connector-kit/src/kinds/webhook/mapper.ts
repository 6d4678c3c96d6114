import type { CloudEventEnvelope } from '@cavra/contracts';
import type { MappedPayload } from '../../kind.ts';

/** The webhook body: the (already redacted) CloudEvent in structured JSON mode. */
export function mapWebhookPayload(event: CloudEventEnvelope): MappedPayload {
  return {
    body: JSON.stringify(event),
    contentType: 'application/cloudevents+json; charset=utf-8',
  };
}
