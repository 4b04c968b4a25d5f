// Loaded before the app: `node --import @relais/kit/telemetry/register dist/index.js`.
// Starting the SDK before fastify is imported lets @fastify/otel hook every instance.
import { parseConfig, z } from '../config.ts';
import { startTelemetry } from './sdk.ts';

const config = parseConfig(
  z.object({
    OTEL_SERVICE_NAME: z.string().min(1).default('relais'),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ error: 'expected an http(s) URL' }).optional(),
  }),
);

const telemetry = startTelemetry({
  serviceName: config.OTEL_SERVICE_NAME,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});

// Flush spans on the way out; the service's own SIGTERM handler closes the rest.
process.once('beforeExit', () => void telemetry.shutdown());
