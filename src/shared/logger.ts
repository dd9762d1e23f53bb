import pino from 'pino';

export type Logger = pino.Logger;

/** A JSON logger to stdout, or to `destination` (tests read what was logged). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] }, destination);
}
