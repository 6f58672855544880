import pino from 'pino';

/** Structured JSON logs (pino): cheap enough for the hot path and easy to ship to any log store. */
export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', '*.token', '*.password'], censor: '[redacted]' },
  });
}
