// W3C trace context through Kafka headers: inject when producing, extract when consuming,
// so one trace follows an event from an HTTP request through every consumer.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

export const tracer = () => trace.getTracer('@relais/kit');

type Carrier = Record<string, string>;

const setter: TextMapSetter<Carrier> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** Adds `traceparent` (and `tracestate`) for the given context to a header map. */
export function injectTraceHeaders(headers: Carrier, ctx: Context = context.active()): Carrier {
  propagation.inject(ctx, headers, setter);
  return headers;
}

export function extractTraceContext(headers: Carrier): Context {
  return propagation.extract(context.active(), headers, getter);
}

/** Runs fn in a span, recording an exception and an error status when fn throws. */
export async function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Record<string, string | number | boolean> },
  parent: Context,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes ?? {} },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: err instanceof Error ? err.name : 'error',
        });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

export { SpanKind };
