import { ContractError, Topics, TopicEventTypes, parseEvent } from '@cavra/contracts';
import type { CloudEventEnvelope } from '@cavra/contracts';
import type { EventBus, IncomingEvent, Subscription } from '@cavra/bus';
import type { EvidenceLedger } from '@cavra/evidence';
import { createThrottledWarn } from '@cavra/telemetry';
import type { Logger } from '@cavra/telemetry';

/** The consumer group name of the evidence service; each topic gets its own group under it. */
export const EVIDENCE_GROUP = 'cavra-evidence';

/**
 * The group that reads `topic`: `<group>.<topic>`, e.g. `cavra-evidence.cavra.decisions.v1`.
 * One group per topic because kafkajs's round-robin assigner hands a group's partitions to its
 * members without looking at what each member subscribed to: four one-topic consumers in one
 * group would be given each other's partitions and read nothing.
 */
export function evidenceGroupFor(topic: string, group: string = EVIDENCE_GROUP): string {
  return `${group}.${topic}`;
}

/** The topics whose events are chained into the ledger. */
export const EVIDENCE_TOPICS = [
  Topics.decisions,
  Topics.approvals,
  Topics.releases,
  Topics.deliveryEvidence,
] as const;

export interface EvidenceServiceOptions {
  bus: EventBus;
  ledger: EvidenceLedger;
  logger: Logger;
  /** Consumer group prefix (default `cavra-evidence`); one per ledger. */
  group?: string;
  /** Wait before re-subscribing after an append failed (doubles up to 30 s; default 500 ms). */
  retryDelayMs?: number;
}

export interface EvidenceServiceStats {
  /** Events chained (a redelivered event counts again; the ledger keeps one entry). */
  appended: number;
  /** Events skipped because they failed validation. */
  invalid: number;
  /** Appends that failed; the event is redelivered after the subscription restarts. */
  failed: number;
}

export interface EvidenceService {
  start(): Promise<void>;
  /** Stops every subscription after its in-flight event. */
  stop(): Promise<void>;
  stats(): EvidenceServiceStats;
}

/** An event that cannot become evidence: wrong JSON, contract, topic or tenant. */
class InvalidEvidenceEvent extends Error {
  readonly code = 'invalid_event';
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidEvidenceEvent';
  }
}

/**
 * Chains decisions, approvals, releases and delivery evidence into the tenant's ledger. The
 * offset is committed only after the append (the handler resolves after it), and the event id
 * is the ledger's idempotency key, so redelivery never chains an event twice. An invalid event
 * is logged, counted and committed past, so one bad producer cannot stall the stream.
 */
export function createEvidenceService(options: EvidenceServiceOptions): EvidenceService {
  const { bus, ledger, logger } = options;
  const group = options.group ?? EVIDENCE_GROUP;
  const log = logger.child({ component: 'evidence-service' });
  const warn = createThrottledWarn(log);
  const counts: EvidenceServiceStats = { appended: 0, invalid: 0, failed: 0 };
  const subscriptions = new Map<string, Subscription>();
  const retryTimers = new Set<NodeJS.Timeout>();
  /** Consecutive failures per topic, for the resubscribe backoff; reset by a success. */
  const failures = new Map<string, number>();
  let stopped = false;

  async function handleEvent(message: IncomingEvent): Promise<void> {
    let event: CloudEventEnvelope;
    try {
      event = toEvidenceEvent(message);
    } catch (err) {
      counts.invalid += 1;
      const at = { topic: message.topic, partition: message.partition, offset: message.offset };
      warn(`invalid:${message.topic}`, { err, ...at }, 'invalid event skipped, not chained');
      return;
    }

    try {
      const entry = await ledger.append({
        tenant: event.tenant,
        recordId: event.id,
        recordType: event.type,
        record: event.data,
      });
      counts.appended += 1;
      failures.delete(message.topic);
      log.debug({ eventId: event.id, tenant: event.tenant, seq: entry.seq }, 'event chained');
    } catch (err) {
      counts.failed += 1;
      throw err;
    }
  }

  async function subscribe(topic: string): Promise<void> {
    const subscription = await bus.subscribe(topic, evidenceGroupFor(topic, group), handleEvent, {
      fromBeginning: true,
      onError: (err) => {
        subscriptions.delete(topic);
        const failed = (failures.get(topic) ?? 0) + 1;
        failures.set(topic, failed);
        log.error({ err, topic, failures: failed }, 'append failed; the event will be redelivered');
        scheduleResubscribe(topic);
      },
    });
    subscriptions.set(topic, subscription);
  }

  function scheduleResubscribe(topic: string): void {
    if (stopped) return;
    const failed = Math.max(failures.get(topic) ?? 1, 1);
    const delay = Math.min((options.retryDelayMs ?? 500) * 2 ** (failed - 1), 30_000);
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (stopped) return;
      subscribe(topic).catch((err: unknown) => {
        failures.set(topic, failed + 1);
        log.error({ err, topic }, 'resubscribe failed');
        scheduleResubscribe(topic);
      });
    }, delay);
    retryTimers.add(timer);
  }

  return {
    async start() {
      stopped = false;
      for (const topic of EVIDENCE_TOPICS) await subscribe(topic);
      log.info({ topics: EVIDENCE_TOPICS, group }, 'evidence service started');
    },
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      await Promise.all([...subscriptions.values()].map((s) => s.stop()));
      subscriptions.clear();
      warn.flush();
    },
    stats: () => ({ ...counts }),
  };
}

/** Parses and checks one message: a valid envelope of the topic's type, tenant consistent. */
function toEvidenceEvent(message: IncomingEvent): CloudEventEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch (err) {
    throw new InvalidEvidenceEvent('value is not JSON', { cause: err });
  }
  const event = parseEvent(json);
  const expected = (TopicEventTypes as Record<string, string>)[message.topic];
  if (expected !== undefined && event.type !== expected) {
    throw new ContractError('CloudEvent envelope', [
      { path: 'type', message: `expected "${expected}" on ${message.topic}, got "${event.type}"` },
    ]);
  }
  // A record must land in the chain of the tenant it is about, whatever the envelope claims.
  const dataTenant = (event.data as { tenant?: unknown }).tenant;
  if (dataTenant !== event.tenant) {
    throw new ContractError('CloudEvent envelope', [
      { path: 'data.tenant', message: `expected "${event.tenant}", got "${String(dataTenant)}"` },
    ]);
  }
  return event;
}
