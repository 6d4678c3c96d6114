import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** Sends kafkajs's own log lines to the injected pino logger, tagged with their namespace. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    function logKafkaEntry({ namespace, level, log }) {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const entry = { namespace, ...fields };
      if (level === logLevel.ERROR) child.error(entry, message);
      else if (level === logLevel.WARN) child.warn(entry, message);
      else if (level === logLevel.INFO) child.info(entry, message);
      else child.debug(entry, message);
    };
}

/** The kafkajs level that lets through what the pino logger would print. */
export function kafkaLevelFor(logger: Logger): logLevel {
  const levels: Record<string, logLevel> = {
    fatal: logLevel.ERROR,
    error: logLevel.ERROR,
    warn: logLevel.WARN,
    info: logLevel.INFO,
    debug: logLevel.DEBUG,
    trace: logLevel.DEBUG,
  };
  return levels[logger.level] ?? logLevel.NOTHING;
}
