// Which service made a span, written on the span itself. `npm start` and the test harness run
// every service in one process (one OpenTelemetry resource), so the resource's service.name
// cannot tell the gateway's spans from the router's: each span carries its own, and the Zipkin
// exporter prefers it (span attribute, then resource).
import { trace, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from '../logging.ts';

export const SERVICE_NAME_ATTRIBUTE = ATTR_SERVICE_NAME;

/** The `service` a logger was created for (createLogger({ service })), if any. */
export function serviceOf(logger: Logger): string | undefined {
  const service: unknown = logger.bindings()['service'];
  return typeof service === 'string' && service ? service : undefined;
}

/** `{ 'service.name': service }` to spread into a span's attributes, or nothing. */
export const serviceAttribute = (service: string | undefined): Attributes =>
  service ? { [SERVICE_NAME_ATTRIBUTE]: service } : {};

const isReadable = (span: unknown): span is ReadableSpan =>
  typeof span === 'object' && span !== null && 'attributes' in span;

/**
 * A span started under a span of this process takes its parent's service when it names none:
 * fastify's hook and handler spans, a producer's span inside a request or a consumer's handler.
 * Spans whose parent is remote (another service, through Kafka headers) name their own.
 */
export class ServiceNameSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    if (span.attributes[SERVICE_NAME_ATTRIBUTE] !== undefined) return;
    const parent = trace.getSpan(parentContext);
    const service = isReadable(parent) ? parent.attributes[SERVICE_NAME_ATTRIBUTE] : undefined;
    if (typeof service === 'string') span.setAttribute(SERVICE_NAME_ATTRIBUTE, service);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
