export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createThrottledWarn, type ThrottledWarn, type ThrottledWarnOptions } from './throttle.ts';
export { createMetrics, LATENCY_BUCKETS, type Metrics, type MetricsOptions } from './metrics.ts';
export {
  currentTraceparent,
  setupTracing,
  SpanKind,
  traceIdOf,
  tracer,
  withSpan,
  withSpanFromTraceparent,
  type TracingOptions,
} from './tracing.ts';
