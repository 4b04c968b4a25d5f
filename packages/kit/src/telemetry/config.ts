// Where a process sends its spans, from the standard OpenTelemetry variables:
//   OTEL_TRACES_EXPORTER           zipkin (default) | otlp | none
//   OTEL_EXPORTER_ZIPKIN_ENDPOINT  default http://127.0.0.1:9411/api/v2/spans (npm run tracing:up)
//   OTEL_EXPORTER_OTLP_ENDPOINT    an OTLP/HTTP collector (docker-compose.yml); setting it alone
//                                  chooses otlp, as the compose file does
//   OTEL_SERVICE_NAME              the resource's service.name (spans also name their own)
import { parseConfig, z } from '../config.ts';
import { DEFAULT_ZIPKIN_ENDPOINT, type TelemetryOptions } from './sdk.ts';

const url = z.url({ error: 'expected an http(s) URL' });

export const telemetryConfigSchema = z.object({
  OTEL_SERVICE_NAME: z.string().min(1).default('relais'),
  OTEL_TRACES_EXPORTER: z
    .enum(['zipkin', 'otlp', 'none'], { error: 'expected one of zipkin, otlp, none' })
    .optional(),
  OTEL_EXPORTER_ZIPKIN_ENDPOINT: url.default(DEFAULT_ZIPKIN_ENDPOINT),
  OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
});

/** Telemetry options for a process, from its environment; a ConfigError names a bad variable. */
export function telemetryOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): TelemetryOptions {
  const config = parseConfig(telemetryConfigSchema, env);
  return {
    serviceName: config.OTEL_SERVICE_NAME,
    exporter:
      config.OTEL_TRACES_EXPORTER ?? (config.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'zipkin'),
    zipkinEndpoint: config.OTEL_EXPORTER_ZIPKIN_ENDPOINT,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}
