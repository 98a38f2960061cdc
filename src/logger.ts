// Structured JSON logs (pino). Secrets never reach a log line: the redact list covers the
// fields that could carry them, and requests are logged by operation, not by body.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'gatehouse' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.password', '*.secretAccessKey', '*.sessionToken', '*.authorization', 'databaseUrl'], censor: '[redacted]' },
  });
}
