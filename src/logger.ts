// Structured JSON logs (pino). Secrets, SQL and stacks never reach a log line: requests are
// logged by operation, not by body; errors through log-safe-error.ts; and the redact list
// covers fields that could carry secrets.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'gatehouse' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.password', '*.secretAccessKey', '*.sessionToken', '*.authorization', 'databaseUrl'], censor: '[redacted]' },
  }, destination);
}
