// The demo's publications carry a trace of their own, as an agency's traced system would send
// it (a W3C traceparent header): Relais continues it, and the demo prints where to see it.
import { randomBytes } from 'node:crypto';

let ui: string | undefined;

/** Where trace links point (the Zipkin UI's …/zipkin/), or nowhere when spans are not in Zipkin. */
export function showTracesAt(zipkinUi: string | undefined): void {
  ui = zipkinUi;
}

export interface DemoTrace {
  traceId: string;
  /** The header to send with the publication. */
  headers: { traceparent: string };
  /** " — trace http://127.0.0.1:9411/zipkin/traces/<id>", or "" without a tracing UI. */
  note: string;
}

/** A new trace for one publication of the demo, sampled. */
export function newTrace(): DemoTrace {
  const traceId = randomBytes(16).toString('hex');
  const parent = randomBytes(8).toString('hex');
  return {
    traceId,
    headers: { traceparent: `00-${traceId}-${parent}-01` },
    note: ui ? ` — trace ${ui}traces/${traceId}` : '',
  };
}
