import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.ts';

// Obviously fake credentials in formats the redactor knows.
const GITHUB_TOKEN = 'ghp_' + 'Zx8Kq2Lm4Np6Rt8Vw0Yb3Cd5Fg7Hj9Kl1Mn3Pq';
const DB_PASSWORD = 'FakePass123';
const DB_URL = `postgres://app:${DB_PASSWORD}@db.internal/cavra`;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ name: 'test', level: 'debug', destination });
  return { logger, lines, text: () => lines.join('\n') };
}

describe('createLogger', () => {
  it('redacts secrets in messages, format arguments, objects and bindings', () => {
    const { logger, lines, text } = capture();
    logger
      .child({ team: 'soc' })
      .child({ dsn: DB_URL })
      .info({ token: GITHUB_TOKEN, list: [DB_URL] }, `got ${GITHUB_TOKEN}`);
    logger.warn('connecting to %s', DB_URL);

    expect(text()).not.toContain(GITHUB_TOKEN);
    expect(text()).not.toContain(DB_PASSWORD);
    const first = JSON.parse(lines[0] ?? '{}');
    expect(first.msg).toBe('got [REDACTED:github_token]');
    expect(first.token).toBe('[REDACTED:github_token]');
    expect(first.dsn).toContain('db.internal');
    expect(JSON.parse(lines[1] ?? '{}').msg).toContain('[REDACTED:');
  });

  it('redacts error messages, stacks and causes, logged alone or under err', () => {
    const { logger, lines, text } = capture();
    const cause = new Error(`login failed for ${DB_URL}`);
    const err = new Error(`push rejected with ${GITHUB_TOKEN}`, { cause });
    logger.error(err);
    logger.error({ err, other: new Error(GITHUB_TOKEN) }, 'delivery failed');

    expect(text()).not.toContain(GITHUB_TOKEN);
    expect(text()).not.toContain(DB_PASSWORD);
    const alone = JSON.parse(lines[0] ?? '{}');
    expect(alone.msg).toBe('push rejected with [REDACTED:github_token]');
    expect(alone.err.stack).toContain('[REDACTED:github_token]');
    const keyed = JSON.parse(lines[1] ?? '{}');
    expect(keyed.err.type).toBe('Error');
    expect(keyed.other.message).toBe('[REDACTED:github_token]');
  });

  it('keeps what an analyst needs: plain fields pass unchanged', () => {
    const { logger, lines } = capture();
    logger.info({ eventId: 'ev-1', connector: 'soc-splunk', attempt: 2 }, 'delivered');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      eventId: 'ev-1',
      connector: 'soc-splunk',
      attempt: 2,
      msg: 'delivered',
      name: 'test',
    });
  });
});
