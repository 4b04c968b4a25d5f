// OpenTelemetry for a Relais process: W3C trace context, spans for fastify (@fastify/otel) and
// for every Kafka publish and process (kit/kafka), each naming the service that made it, exported
// to Zipkin (the embedded default's tracing UI) or over OTLP/HTTP (a collector), or nowhere.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { createLogger, type Logger } from '../logging.ts';
import { GuardedSpanExporter } from './export-guard.ts';
import { lifecycleHook, requestHook } from './http-spans.ts';
import { ServiceNameSpanProcessor } from './service-name.ts';

export type TracesExporter = 'zipkin' | 'otlp' | 'none';

export const DEFAULT_ZIPKIN_ENDPOINT = 'http://127.0.0.1:9411/api/v2/spans';
export const DEFAULT_OTLP_ENDPOINT = 'http://127.0.0.1:4318';

export interface TelemetryOptions {
  /** The resource's service.name; spans of a service also carry their own (service-name.ts). */
  serviceName: string;
  /**
   * Where spans go. When unset: OTLP if `otlpEndpoint` is given, else nowhere (tests pass their
   * own processors). Processes read it from OTEL_TRACES_EXPORTER (telemetry/config.ts), whose
   * default is Zipkin.
   */
  exporter?: TracesExporter | undefined;
  /** Zipkin's span intake, e.g. http://127.0.0.1:9411/api/v2/spans (infra/tracing). */
  zipkinEndpoint?: string | undefined;
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (the collector in docker-compose.yml). */
  otlpEndpoint?: string | undefined;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  /** Where an exporter that cannot reach its endpoint says so (once per outage). */
  logger?: Logger;
  /** Per export; also bounds flush and shutdown. */
  exportTimeoutMs?: number;
}

export interface Telemetry {
  fastify: FastifyOtelInstrumentation;
  /** Exports the spans ended so far (bounded by the export timeout). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let current: Telemetry | undefined;

/** The @fastify/otel plugin when telemetry was started in this process, else undefined. */
export function fastifyTelemetryPlugin():
  ReturnType<FastifyOtelInstrumentation['plugin']> | undefined {
  return current?.fastify.plugin();
}

function chooseExporter(
  kind: TracesExporter,
  options: TelemetryOptions,
): { exporter: SpanExporter; url: string } | undefined {
  if (kind === 'zipkin') {
    const url = options.zipkinEndpoint ?? DEFAULT_ZIPKIN_ENDPOINT;
    return { url, exporter: new ZipkinExporter({ url }) };
  }
  if (kind === 'otlp') {
    const base = options.otlpEndpoint ?? DEFAULT_OTLP_ENDPOINT;
    const url = new URL('v1/traces', base.endsWith('/') ? base : `${base}/`).toString();
    return { url, exporter: new OTLPTraceExporter({ url }) };
  }
  return undefined;
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (current) return current;
  // First: later processors (a test's exporter among them) see the service on every span.
  const processors: SpanProcessor[] = [
    new ServiceNameSpanProcessor(),
    ...(options.spanProcessors ?? []),
  ];
  const kind = options.exporter ?? (options.otlpEndpoint ? 'otlp' : 'none');
  const chosen = chooseExporter(kind, options);
  if (chosen) {
    const timeoutMs = options.exportTimeoutMs ?? 10_000;
    const exporter = new GuardedSpanExporter(chosen.exporter, {
      exporter: kind,
      url: chosen.url,
      logger: options.logger ?? createLogger({ service: options.serviceName, level: 'warn' }),
      timeoutMs,
    });
    // A full queue drops spans rather than hold memory or the event loop (2048 by default).
    processors.push(new BatchSpanProcessor({ exporter, exportTimeoutMillis: timeoutMs }));
  }
  // Never empty (the service-name processor), so NodeSDK never picks exporters from the
  // environment itself. Without an exporter spans are still created: logs carry trace ids and
  // headers carry context.
  // Registered explicitly by createHttpApp (fastifyTelemetryPlugin), so it does not depend on
  // import order; health probes are not traced.
  const fastify = new FastifyOtelInstrumentation({
    ignorePaths: (r) => r.url === '/healthz' || r.url === '/readyz',
    requestHook,
    lifecycleHook,
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
    // Neither rejects: a failed export was said by the guard, and must not fail a service's exit.
    async flush() {
      await Promise.allSettled(processors.map((p) => p.forceFlush()));
    },
    async shutdown() {
      current = undefined;
      await sdk.shutdown().catch(() => undefined);
    },
  };
  return current;
}
