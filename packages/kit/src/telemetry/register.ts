// Loaded before the app: `node --import @relais/kit/telemetry/register dist/index.js`.
// Starting the SDK before fastify is imported lets @fastify/otel hook every instance.
// Spans go to Zipkin by default (OTEL_TRACES_EXPORTER, telemetry/config.ts).
import { telemetryOptionsFromEnv } from './config.ts';
import { startTelemetry } from './sdk.ts';

const telemetry = startTelemetry(telemetryOptionsFromEnv());

// Flush spans on the way out; the service's own SIGTERM handler closes the rest.
process.once('beforeExit', () => void telemetry.shutdown());
