import type { Logger } from 'pino';

export interface ThrottledWarnOptions {
  /** A repeated warning is logged at most once per interval (default 60 s). */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Logs a warning once per key and interval; repeats in between are counted, not logged. */
export interface ThrottledWarn {
  (key: string, fields: Record<string, unknown>, message: string): void;
  /** Logs the counts of repeats not yet reported (call on shutdown). */
  flush(): void;
}

interface KeyState {
  lastLoggedAt: number;
  suppressed: number;
  message: string;
}

/**
 * Keeps a flood of one warning (a destination down, a poison message stream) from drowning the
 * logs: the first occurrence is logged, later ones in the interval are counted, and the next
 * logged line carries `repeated: <count>`.
 */
export function createThrottledWarn(
  logger: Logger,
  options: ThrottledWarnOptions = {},
): ThrottledWarn {
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const states = new Map<string, KeyState>();

  const warn = function throttledWarn(
    key: string,
    fields: Record<string, unknown>,
    message: string,
  ) {
    const at = now();
    const state = states.get(key);
    if (state && at - state.lastLoggedAt < intervalMs) {
      state.suppressed += 1;
      return;
    }
    const repeated = state?.suppressed ?? 0;
    logger.warn({ ...fields, warnKey: key, ...(repeated > 0 && { repeated }) }, message);
    states.set(key, { lastLoggedAt: at, suppressed: 0, message });
  } as ThrottledWarn;

  warn.flush = function flushThrottledWarnings() {
    for (const [key, state] of states) {
      if (state.suppressed === 0) continue;
      logger.warn({ warnKey: key, repeated: state.suppressed }, state.message);
      state.suppressed = 0;
    }
  };
  return warn;
}
