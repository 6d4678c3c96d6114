import { redactText, redactValue } from '@cavra/redact';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** The component name, logged as `name` on every line. */
  name: string;
  /** Minimum level (default `info`). */
  level?: Level | 'silent';
  /** Where lines go (default stdout). A pino destination or any writable stream. */
  destination?: DestinationStream;
}

/**
 * A pino logger whose every line passes through the fabric's redactor: the message and its
 * format arguments, logged objects, child bindings, and errors (message, stack, cause). A
 * credential that reaches a log call is written as `[REDACTED:<type>]`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const logger = pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      hooks: { logMethod: redactArguments },
      formatters: {
        bindings: (bindings) => redactFields(bindings),
        log: (fields) => redactFields(fields),
      },
      serializers: { err: serializeError },
    },
    options.destination,
  );
  // pino resets the bindings formatter for children, so child bindings are redacted here. Child
  // loggers inherit from their parent, so every descendant goes through this function too.
  const pinoChild = logger.child;
  logger.child = function redactingChild(this: Logger, bindings, childOptions) {
    return pinoChild.call(this, redactFields(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/** Redacts the message and format arguments; gives an error logged alone a redacted message. */
function redactArguments(this: Logger, args: unknown[], method: pino.LogFn): void {
  const [first, ...rest] = args;
  const redacted = rest.map((arg) => (typeof arg === 'string' ? redactText(arg).value : arg));
  if (typeof first === 'string') {
    method.apply(this, [redactText(first).value, ...redacted] as Parameters<pino.LogFn>);
    return;
  }
  // pino would take the raw `err.message` as the line's message: hand it a redacted one.
  if (first instanceof Error && redacted.length === 0) {
    redacted.push(redactText(first.message).value);
  }
  method.apply(this, [first, ...redacted] as Parameters<pino.LogFn>);
}

/** Redacts each field; errors become pino's plain error shape first, wherever they sit. */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? serializeError(value) : redactValue(value).value;
  }
  return out;
}

/** pino's error serializer (type, message, stack, cause chain, own fields), then redacted. */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return redactValue(err).value;
  // pino's serialized error has a prototype of its own; the redactor walks plain objects only.
  return redactValue({ ...pino.stdSerializers.err(err) }).value;
}
