// OpenTelemetry for a Relais process: W3C trace context, spans for fastify (@fastify/otel) and
// for every Kafka publish and process (kit/kafka), exported over OTLP/HTTP when configured.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (the collector in docker-compose.yml). */
  otlpEndpoint?: string | undefined;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  fastify: FastifyOtelInstrumentation;
  shutdown(): Promise<void>;
}

let current: Telemetry | undefined;

/** The @fastify/otel plugin when telemetry was started in this process, else undefined. */
export function fastifyTelemetryPlugin():
  ReturnType<FastifyOtelInstrumentation['plugin']> | undefined {
  return current?.fastify.plugin();
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (current) return current;
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = new URL(
      'v1/traces',
      options.otlpEndpoint.endsWith('/') ? options.otlpEndpoint : `${options.otlpEndpoint}/`,
    );
    processors.push(
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: url.toString() }) }),
    );
  }
  // Without an exporter spans are still created, so logs carry trace ids and headers carry context.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  // Registered explicitly by createHttpApp (fastifyTelemetryPlugin), so it does not depend on
  // import order; health probes are not traced.
  const fastify = new FastifyOtelInstrumentation({
    ignorePaths: (r) => r.url === '/healthz' || r.url === '/readyz',
  });
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    spanProcessors: processors,
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: [fastify],
    metricReaders: [],
    logRecordProcessors: [],
    resourceDetectors: [],
  });
  sdk.start();
  current = {
    fastify,
    async shutdown() {
      current = undefined;
      await sdk.shutdown();
    },
  };
  return current;
}
