// The tracing of `npm start`: where its spans go, and the local Zipkin server it brings up for
// them (infra/tracing) — unless told otherwise:
//   RELAIS_TRACING=off                    no tracing UI, spans go nowhere
//   OTEL_TRACES_EXPORTER=otlp|none        spans go to that collector (OTEL_EXPORTER_OTLP_ENDPOINT),
//                                         or nowhere; no local Zipkin
//   OTEL_EXPORTER_ZIPKIN_ENDPOINT=…       a Zipkin of your own; no local one
// Without Java (or if the server cannot start) it says so and goes on without traces: the demo
// does not need them.
import { telemetryOptionsFromEnv, type TelemetryOptions } from '@relais/kit';
import { defaultOptions, spansEndpoint, uiUrl, up, type RunningZipkin } from '@relais/local-zipkin';

export interface TracingPlan {
  /** Bring up the local Zipkin server, and send spans to it. */
  localZipkin: boolean;
  /** Telemetry as it stands without the local server (its endpoint is filled in once up). */
  telemetry: TelemetryOptions;
  /** Why there is no local Zipkin, for the summary. */
  reason: string;
}

/** What `npm start` will do about traces, from its environment (pure: nothing is started). */
export function planTracing(env: Record<string, string | undefined> = process.env): TracingPlan {
  // OTEL_SERVICE_NAME (default "relais") names the process; each span names its service.
  const telemetry = telemetryOptionsFromEnv(env);
  if (env['RELAIS_TRACING'] === 'off') {
    return {
      localZipkin: false,
      telemetry: { ...telemetry, exporter: 'none' },
      reason: 'off (RELAIS_TRACING=off)',
    };
  }
  if (telemetry.exporter !== 'zipkin') {
    return {
      localZipkin: false,
      telemetry,
      reason:
        telemetry.exporter === 'otlp'
          ? `spans over OTLP to ${telemetry.otlpEndpoint ?? 'http://127.0.0.1:4318'} (OTEL_TRACES_EXPORTER)`
          : 'off (OTEL_TRACES_EXPORTER=none)',
    };
  }
  if (env['OTEL_EXPORTER_ZIPKIN_ENDPOINT']) {
    return {
      localZipkin: false,
      telemetry,
      reason: `spans to your Zipkin at ${telemetry.zipkinEndpoint} (OTEL_EXPORTER_ZIPKIN_ENDPOINT)`,
    };
  }
  return { localZipkin: true, telemetry, reason: '' };
}

export interface Tracing {
  telemetry: TelemetryOptions;
  zipkin: RunningZipkin | undefined;
  /** The Zipkin UI's base (…/zipkin/), when spans go to a Zipkin. */
  ui: string | undefined;
  /** What the summary says about traces. */
  summary: string;
}

/** Follows the plan: brings the local Zipkin up if it says so; a failure costs only the traces. */
export async function startTracing(
  plan: TracingPlan,
  warn: (line: string) => void = console.warn,
): Promise<Tracing> {
  const zipkinUi = (endpoint: string | undefined): string | undefined =>
    endpoint ? `${new URL(endpoint).origin}/zipkin/` : undefined;
  if (!plan.localZipkin) {
    return {
      telemetry: plan.telemetry,
      zipkin: undefined,
      ui:
        plan.telemetry.exporter === 'zipkin' ? zipkinUi(plan.telemetry.zipkinEndpoint) : undefined,
      summary: plan.reason,
    };
  }
  try {
    const zipkin = await up(defaultOptions());
    return {
      telemetry: { ...plan.telemetry, zipkinEndpoint: spansEndpoint(zipkin.url) },
      zipkin,
      ui: uiUrl(zipkin.url),
      summary: '',
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    warn(`tracing: ${why}\ntracing: going on without traces`);
    return {
      telemetry: { ...plan.telemetry, exporter: 'none' },
      zipkin: undefined,
      ui: undefined,
      summary: `off (the local Zipkin could not start: ${why.split('. ')[0]})`,
    };
  }
}
