import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, createThrottledWarn } from '../src/index.ts';

describe('createThrottledWarn', () => {
  it('logs a repeated warning once per interval, then reports how often it repeated', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    let now = 0;
    const warn = createThrottledWarn(createLogger({ name: 't', destination }), {
      intervalMs: 1000,
      now: () => now,
    });

    for (let i = 0; i < 5; i++) warn('slack-429', { connector: 'chat' }, 'rate limited');
    warn('other', {}, 'another warning');
    expect(lines.map((l) => l.msg)).toEqual(['rate limited', 'another warning']);

    now = 1500;
    warn('slack-429', { connector: 'chat' }, 'rate limited');
    expect(lines[2]).toMatchObject({ msg: 'rate limited', repeated: 4, warnKey: 'slack-429' });

    warn('slack-429', {}, 'rate limited');
    warn.flush();
    expect(lines[3]).toMatchObject({ repeated: 1, warnKey: 'slack-429' });
    expect(lines).toHaveLength(4);
  });
});
