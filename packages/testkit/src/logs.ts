// Log lines kept in memory, for tests that assert on what was (or was not) logged. A pino
// destination (the kit's createLogger takes one as `destination`); several loggers may share one
// capture, so a test sees every line of every service it started, in order.
import { Writable } from 'node:stream';

export interface LogCapture {
  /** Hand it to createLogger({ destination }). */
  destination: Writable;
  /** Every line written so far, as written (JSON text). */
  readonly lines: string[];
  /** Every line parsed (a line that is not JSON comes back as `{ msg: line }`). */
  records(): Array<Record<string, unknown>>;
  /** Forgets what was captured so far. */
  clear(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return {
    destination,
    lines,
    records: () =>
      lines.map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { msg: line };
        }
      }),
    clear: () => void lines.splice(0),
  };
}
