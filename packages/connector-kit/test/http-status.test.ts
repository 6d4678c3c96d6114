import { describe, expect, it } from 'vitest';
import { classifyHttpStatus, parseRetryAfter } from '../src/index.ts';

const now = new Date('2026-01-01T00:00:00Z');

describe('classifyHttpStatus', () => {
  it.each([200, 201, 202, 204])('%i is delivered', (status) => {
    expect(classifyHttpStatus(status, null, now)).toEqual({ status: 'delivered' });
  });

  it.each([408, 425, 429, 500, 502, 503, 504, 599])('%i is retryable', (status) => {
    expect(classifyHttpStatus(status, undefined, now)).toEqual({ status: 'retryable' });
  });

  it.each([300, 400, 401, 403, 404, 409, 410, 413, 422, 600])('%i is failed', (status) => {
    expect(classifyHttpStatus(status, '5', now)).toEqual({ status: 'failed' });
  });

  it('honours Retry-After in seconds', () => {
    expect(classifyHttpStatus(429, '7', now)).toEqual({ status: 'retryable', after: 7000 });
  });

  it('honours Retry-After as an HTTP date', () => {
    const header = 'Thu, 01 Jan 2026 00:00:30 GMT';
    expect(classifyHttpStatus(503, header, now)).toEqual({ status: 'retryable', after: 30_000 });
  });

  it('treats a date in the past as no wait and garbage as absent', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('  ', now)).toBeUndefined();
  });
});
