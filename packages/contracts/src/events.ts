import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CloudEventEnvelope, DataSchemas, type EventType } from './envelope.ts';
import type { CloudEventEnvelope as Envelope } from './envelope.ts';

/** One problem with an input: where it is and what was expected. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that does not match a contract. Not retryable: the same input fails the same way. */
export class ContractError extends Error {
  readonly code = 'contract_violation';
  readonly retryable = false;

  constructor(
    readonly what: string,
    readonly issues: FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
    this.name = 'ContractError';
  }
}

/** Turns zod issues into `path: message` pairs, paths written `a.b[0].c`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((part, i) =>
        typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
      )
      .join(''),
    message: issue.message,
  }));
}

/** Parses `value` with `schema`, throwing a `ContractError` that names every bad field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ContractError(what, fieldIssues(result.error), { cause: result.error });
  return result.data;
}

type DataOf<T extends EventType> = z.output<(typeof DataSchemas)[T]>;

export interface NewEventOptions {
  source: string;
  tenant: string;
  id?: string;
  subject?: string;
  time?: string;
  traceparent?: string;
}

/** Builds a validated CloudEvents envelope around `data` of the given type. */
export function makeEvent<T extends EventType>(
  type: T,
  data: DataOf<T>,
  options: NewEventOptions,
): Envelope<DataOf<T>> {
  const checked = parseWith(DataSchemas[type], data, `data of ${type}`) as DataOf<T>;
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source,
    type,
    time: options.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    tenant: options.tenant,
    ...(options.subject !== undefined && { subject: options.subject }),
    ...(options.traceparent !== undefined && { traceparent: options.traceparent }),
    data: checked,
  };
}

/** Validates an envelope and its data against the schema its `type` names. */
export function parseEvent(value: unknown): Envelope<unknown> {
  const envelope = parseWith(CloudEventEnvelope, value, 'CloudEvent envelope');
  const schema = (DataSchemas as Record<string, z.ZodType>)[envelope.type];
  if (!schema) {
    throw new ContractError('CloudEvent envelope', [
      { path: 'type', message: `unknown event type "${envelope.type}"` },
    ]);
  }
  const data = parseWith(schema, envelope.data, `data of ${envelope.type}`);
  return { ...envelope, data };
}

/** Validates an envelope whose type must be `type`, returning typed data. */
export function parseEventOf<T extends EventType>(type: T, value: unknown): Envelope<DataOf<T>> {
  const event = parseEvent(value);
  if (event.type !== type) {
    throw new ContractError('CloudEvent envelope', [
      { path: 'type', message: `expected "${type}", got "${event.type}"` },
    ]);
  }
  return event as Envelope<DataOf<T>>;
}
