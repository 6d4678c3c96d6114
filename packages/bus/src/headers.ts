import type { CloudEventEnvelope } from '@cavra/contracts';
import { currentTraceparent } from '@cavra/telemetry';
import type { OutgoingEvent } from './port.ts';

/** A message ready for any adapter: the envelope as JSON text and its headers. */
export interface WireMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Serialises an outgoing event. The trace context comes from the envelope, else from the active
 * span; it is then written both into the envelope and the `traceparent` header, so consumers
 * that read either one join the same trace. CloudEvents binary-mode style `ce_*` headers let
 * tools route on type and id without parsing the value.
 */
export function toWireMessage(outgoing: OutgoingEvent): WireMessage {
  const traceparent = outgoing.event.traceparent ?? currentTraceparent();
  const event: CloudEventEnvelope = traceparent
    ? { ...outgoing.event, traceparent }
    : outgoing.event;
  const headers: Record<string, string> = {
    ...outgoing.headers,
    ce_specversion: event.specversion,
    ce_type: event.type,
    ce_id: event.id,
    ce_source: event.source,
    tenant: event.tenant,
    'content-type': 'application/cloudevents+json',
  };
  if (traceparent) headers.traceparent = traceparent;
  return { key: outgoing.key, value: JSON.stringify(event), headers };
}
