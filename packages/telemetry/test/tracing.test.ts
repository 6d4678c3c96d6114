import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import {
  currentTraceparent,
  setupTracing,
  traceIdOf,
  withSpan,
  withSpanFromTraceparent,
} from '../src/index.ts';

const exporter = new InMemorySpanExporter();
setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

describe('tracing', () => {
  it('has no traceparent outside a span, and a valid one inside', async () => {
    expect(currentTraceparent()).toBeUndefined();
    const inside = await withSpan('outer', async () => currentTraceparent());
    expect(inside).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('continues a trace from a traceparent across awaits, as a child span', async () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const seen = await withSpanFromTraceparent(parent, 'consume', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return currentTraceparent();
    });
    expect(traceIdOf(seen)).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(seen).not.toContain('b7ad6b7169203331');
    const span = exporter.getFinishedSpans().find((s) => s.name === 'consume');
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('starts a new trace from a missing or malformed traceparent, and marks failures', async () => {
    const seen = await withSpanFromTraceparent('garbage', 'fresh', async () =>
      currentTraceparent(),
    );
    expect(traceIdOf(seen)).toMatch(/^[0-9a-f]{32}$/);
    await expect(
      withSpanFromTraceparent(undefined, 'failing', async () => {
        throw Object.assign(new Error('secret ghp_xyz in message'), { code: 'boom' });
      }),
    ).rejects.toThrow('secret');
    const failed = exporter.getFinishedSpans().find((s) => s.name === 'failing');
    expect(failed?.status).toMatchObject({ code: 2, message: 'Error: boom' });
  });
});
