import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/shared/logger';

/** A logger whose lines the test reads back: `text()` as written, `entries()` parsed (pino writes one JSON object a line). */
export function capturedLogger(level = 'info'): { logger: Logger; text: () => string; entries: () => { level: number; msg: string }[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = () => lines.join('');
  const entries = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { logger: createLogger(level, sink), text, entries };
}
