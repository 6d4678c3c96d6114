import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

const TRACER_NAME = '@cavra/telemetry';
const w3c = new W3CTraceContextPropagator();
let provider: BasicTracerProvider | undefined;

export interface TracingOptions {
  /** Where finished spans go (an OTLP exporter in production, an in-memory one in tests). */
  spanProcessors?: SpanProcessor[];
}

/**
 * Installs the process-wide tracer provider, the W3C trace-context propagator and the
 * AsyncLocalStorage context manager. Only the first call installs; later calls return the same
 * provider, so libraries may call it freely.
 */
export function setupTracing(options: TracingOptions = {}): BasicTracerProvider {
  if (provider) return provider;
  provider = new BasicTracerProvider({ spanProcessors: options.spanProcessors ?? [] });
  // Each set* returns false when something else registered first; theirs then stays in charge.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(w3c);
  trace.setGlobalTracerProvider(provider);
  return provider;
}

/** The fabric's tracer; sets tracing up with defaults when nobody did. */
export function tracer(): Tracer {
  setupTracing();
  return trace.getTracer(TRACER_NAME);
}

/** The `traceparent` of the active span, or undefined outside any span. */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  if (!trace.getSpanContext(active)) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(active, carrier, {
    set: (c, key, value) => {
      c[key] = value;
    },
  });
  return carrier.traceparent;
}

/** The 32-hex trace id inside a `traceparent`, or undefined when it is not one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent ?? '')?.[1];
}

/**
 * Runs `fn` inside a new span continued from `traceparent` (a new trace when it is undefined or
 * malformed), so work done for one event in another service joins the event's trace. The span
 * ends when `fn` settles; a throw marks it failed and is rethrown.
 */
export function withSpanFromTraceparent<T>(
  traceparent: string | undefined,
  name: string,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.CONSUMER,
): Promise<T> {
  const carrier = traceparent ? { traceparent } : {};
  const parent = w3c.extract(ROOT_CONTEXT, carrier, {
    get: (c: Record<string, string>, key) => c[key],
    keys: (c: Record<string, string>) => Object.keys(c),
  });
  return runInSpan(parent, name, kind, fn);
}

/** Runs `fn` inside a new child span of the active one (or a new trace). */
export function withSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return runInSpan(context.active(), name, kind, fn);
}

async function runInSpan<T>(
  parent: Context,
  name: string,
  kind: SpanKind,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, { kind }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    // Only the error's name and code: its message may hold a secret, and spans leave the process.
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorLabel(err) });
    throw err;
  } finally {
    span.end();
  }
}

function errorLabel(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.name}: ${code}` : err.name;
}

export { SpanKind };
