import type { Logger } from 'pino';
import {
  EventTypes,
  parseEventOf,
  type AttemptRecord,
  type CloudEventEnvelope,
  type Decision,
  type DeliveryEvidence,
} from '@cavra/contracts';
import type { EventBus, IncomingEvent } from '@cavra/bus';
import type { ConnectorConfig } from '@cavra/config';
import { publishDeadLetter, type DeadLetterCause } from './dead-letter.ts';
import type { DeliveryKeyStore } from './delivery-keys/index.ts';
import { deliverWithPolicy, type DestinationGuard } from './delivery.ts';
import { errorSummary } from './errors.ts';
import { buildEvidence, sha256Hex, traceIdOf, type EvidenceFacts } from './evidence.ts';
import type { ConnectorInstance } from './kind.ts';
import type { DeliveryPolicy } from './policy.ts';
import { redactPayload } from './redact-payload.ts';
import { routeDecision } from './route.ts';
import type { SendResult } from './send-result.ts';
import type { ConnectorTopics } from './topics.ts';

/** Everything the pipeline of one connector works with. */
export interface PipelineParts {
  config: ConnectorConfig;
  instance: ConnectorInstance;
  policy: DeliveryPolicy;
  guard: DestinationGuard;
  deliveryKeys: DeliveryKeyStore;
  bus: EventBus;
  topics: ConnectorTopics;
  logger: Logger;
  stopSignal: AbortSignal;
  /** Publishes evidence; resolves once it is durable. */
  publish(evidence: DeliveryEvidence, traceparent: string | undefined): Promise<void>;
  /** Tells the outcome listeners, once the outcome is durable everywhere. */
  notify(evidence: DeliveryEvidence): Promise<void>;
}

type Base = Omit<EvidenceFacts, 'outcome' | 'attempt' | 'payloadSha256'>;

/**
 * validate -> route -> redact -> map -> dedupe -> deliver -> record evidence. `handle`
 * resolves only once the outcome and its evidence are durable; then the bus commits.
 */
export class EventPipeline {
  constructor(private readonly parts: PipelineParts) {}

  async handle(incoming: IncomingEvent): Promise<void> {
    const startedAt = new Date();
    let event: CloudEventEnvelope<Decision>;
    try {
      event = parseEventOf(EventTypes.decision, JSON.parse(incoming.value));
    } catch (err) {
      return this.poison(incoming, err, startedAt);
    }
    const { config } = this.parts;
    const base = this.baseFacts(event, incoming, startedAt);
    const verdict = routeDecision(event.data, event.tenant, config.tenant, config.route);
    if (!verdict.take) {
      // Another tenant's event leaves no trace here: not even `filtered` evidence.
      if (verdict.reason === 'tenant' || !config.route.recordFiltered) return;
      const sha = sha256Hex(incoming.value);
      return this.record({ ...base, outcome: 'filtered', attempt: 0, payloadSha256: sha });
    }
    await this.deliver(incoming, event, base);
  }

  private baseFacts(event: CloudEventEnvelope, incoming: IncomingEvent, startedAt: Date): Base {
    const traceparent = event.traceparent ?? incoming.headers.traceparent;
    return {
      eventId: event.id,
      eventType: event.type,
      tenant: this.parts.config.tenant,
      connector: this.parts.config.name,
      destination: this.parts.instance.destination,
      redactions: [],
      startedAt,
      traceId: traceIdOf(traceparent),
      ...(traceparent !== undefined && { traceparent }),
    };
  }

  /** redact -> map -> dedupe -> deliver -> evidence (or dead letter). */
  private async deliver(incoming: IncomingEvent, event: CloudEventEnvelope, base: Base) {
    const { config } = this.parts;
    const redacted = redactPayload(event);
    const payload = this.parts.instance.map(redacted.value);
    const facts = {
      ...base,
      redactions: redacted.redactions,
      payloadSha256: sha256Hex(payload.body),
    };
    const deliveryKey = `${config.name}:${this.parts.instance.destination.name}:${event.id}`;
    if (await this.alreadyDelivered(deliveryKey, facts)) return;

    await this.parts.deliveryKeys.markInFlight(deliveryKey);
    const attempts: AttemptRecord[] = [];
    const report = await deliverWithPolicy({
      ...this.parts,
      payload,
      deliveryKey,
      eventId: event.id,
      onAttempt: (record, result, willRetry) => {
        attempts.push(record);
        return willRetry ? this.retryScheduled(facts, record.attempt, result) : undefined;
      },
    });

    const attempt = attempts.length;
    if (report.status === 'delivered') {
      const { receipt, statusCode } = report.result;
      // Evidence first, then the key: a crash in between re-sends under the same idempotency
      // key and repeats the record under the same evidence id, rather than losing the record.
      const done = { ...facts, outcome: 'delivered' as const, attempt, receipt, deliveryKey };
      await this.record({ ...done, statusCode }, () =>
        this.parts.deliveryKeys.markDelivered(deliveryKey, receipt),
      );
      return;
    }
    const { error, statusCode } = report.result;
    const cause = { ...error, retryable: report.result.status === 'retryable' };
    await this.deadLetter(incoming, cause, attempts, { ...facts, attempt, statusCode });
  }

  /** A redelivered key: suppressed when delivered, asked of the destination if it can be. */
  private async alreadyDelivered(
    deliveryKey: string,
    facts: Omit<EvidenceFacts, 'outcome' | 'attempt'>,
  ): Promise<boolean> {
    const known = await this.parts.deliveryKeys.get(deliveryKey);
    if (known?.state === 'delivered') {
      const receipt = known.receipt;
      await this.record({ ...facts, outcome: 'duplicate_suppressed', attempt: 0, receipt });
      return true;
    }
    if (known?.state !== 'in_flight' || !this.parts.instance.lookup) return false;

    const found = await this.parts.instance.lookup(deliveryKey, facts.eventId);
    if (found === 'unknown') return false;
    const receipt = found === 'delivered' ? { found: 'lookup' } : found;
    // The earlier life sent it but crashed before recording: this is its one `delivered` record.
    await this.record({ ...facts, outcome: 'delivered', attempt: 0, receipt, deliveryKey }, () =>
      this.parts.deliveryKeys.markDelivered(deliveryKey, receipt),
    );
    return true;
  }

  private async retryScheduled(
    facts: Omit<EvidenceFacts, 'outcome' | 'attempt'>,
    attempt: number,
    result: SendResult,
  ): Promise<void> {
    if (result.status === 'delivered') return;
    this.parts.logger.warn(
      { eventId: facts.eventId, attempt, statusCode: result.statusCode, code: result.error.code },
      'delivery attempt failed; retrying',
    );
    try {
      await this.record({
        ...facts,
        outcome: 'retry_scheduled',
        attempt,
        error: result.error,
        ...(result.statusCode !== undefined && { statusCode: result.statusCode }),
      });
    } catch (err) {
      this.parts.logger.warn({ err, eventId: facts.eventId }, 'retry evidence not recorded');
    }
  }

  private async poison(incoming: IncomingEvent, err: unknown, startedAt: Date): Promise<void> {
    const { config } = this.parts;
    const claimed = claimedTenant(incoming.value);
    // Someone else's malformed event is theirs to dead-letter, not this tenant's.
    if (claimed !== undefined && claimed !== config.tenant) return;

    const summary = errorSummary(err);
    const traceparent = incoming.headers.traceparent;
    const facts: Omit<EvidenceFacts, 'outcome'> = {
      eventId:
        claimedId(incoming.value) ?? `${incoming.topic}/${incoming.partition}/${incoming.offset}`,
      eventType: claimedType(incoming.value) ?? 'unknown',
      tenant: config.tenant,
      connector: config.name,
      destination: this.parts.instance.destination,
      attempt: 0,
      payloadSha256: sha256Hex(incoming.value),
      redactions: [],
      startedAt,
      traceId: traceIdOf(traceparent),
      ...(traceparent !== undefined && { traceparent }),
    };
    const cause = { code: summary.code, message: summary.message, retryable: false };
    await this.deadLetter(incoming, cause, [], facts);
  }

  private async deadLetter(
    incoming: IncomingEvent,
    cause: DeadLetterCause,
    attempts: AttemptRecord[],
    facts: Omit<EvidenceFacts, 'outcome'>,
  ): Promise<void> {
    const { bus, topics, config } = this.parts;
    try {
      await publishDeadLetter({
        bus,
        topic: topics.dlq,
        connector: config.name,
        tenant: config.tenant,
        incoming,
        cause,
        attempts,
        ...(facts.traceparent !== undefined && { traceparent: facts.traceparent }),
      });
    } catch (err) {
      // Without its dead letter the event must stay uncommitted: record why, let the bus retry.
      await this.record({ ...facts, outcome: 'failed', error: errorSummary(err) }).catch(() => {});
      throw err;
    }
    this.parts.logger.error(
      { eventId: facts.eventId, code: cause.code, attempts: attempts.length },
      'event dead-lettered',
    );
    await this.record({
      ...facts,
      outcome: 'dead_lettered',
      error: { code: cause.code, message: cause.message },
    });
  }

  /** Publishes evidence, runs `beforeNotify` (a store update), then tells the listeners. */
  private async record(facts: EvidenceFacts, beforeNotify?: () => Promise<void>): Promise<void> {
    const evidence = buildEvidence(facts);
    await this.parts.publish(evidence, facts.traceparent);
    await beforeNotify?.();
    await this.parts.notify(evidence);
    this.parts.logger.debug(
      { eventId: evidence.eventId, outcome: evidence.outcome },
      'evidence recorded',
    );
  }
}

function claimed(value: string, field: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const found = parsed?.[field];
    return typeof found === 'string' && found.length > 0 && found.length <= 200 ? found : undefined;
  } catch {
    return undefined;
  }
}
const claimedTenant = (value: string) => claimed(value, 'tenant');
const claimedId = (value: string) => claimed(value, 'id');
const claimedType = (value: string) => claimed(value, 'type');
