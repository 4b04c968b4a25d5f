// W3C trace context through Kafka headers: inject when producing, extract when consuming,
// so one trace follows an event from an HTTP request through every consumer.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
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
  options: {
    kind: SpanKind;
    attributes?: Record<string, string | number | boolean>;
    links?: Link[];
  },
  parent: Context,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: options.kind, attributes: options.attributes ?? {}, links: options.links ?? [] },
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

/**
 * The parent and links of a span that handles a batch of records (OpenTelemetry messaging
 * conventions): one record continues its producer's trace; several start a trace that links to
 * each of theirs.
 */
export function batchTraceContext(headers: Carrier[]): { parent: Context; links: Link[] } {
  const contexts = headers.map(extractTraceContext);
  if (contexts.length === 1 && contexts[0]) return { parent: contexts[0], links: [] };
  const links = contexts
    .map((c) => trace.getSpanContext(c))
    .filter((c): c is NonNullable<typeof c> => c !== undefined && trace.isSpanContextValid(c))
    .map((c) => ({ context: c }));
  return { parent: context.active(), links };
}

export function currentTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

export { SpanKind };
