// `npm start`'s tracing, piece by piece (npm start itself takes fixed ports): what it decides
// from the environment, how it goes on without Java, and — with a real Zipkin on a free port —
// that a demo publication's trace link leads to the service's spans.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpApp, createLogger, startTelemetry } from '@relais/kit';
import { down } from '@relais/local-zipkin';
import { newTrace, showTracesAt } from '../scripts/lib/trace-links.ts';
import { planTracing, startTracing } from '../scripts/lib/tracing.ts';

const home = mkdtempSync(path.join(tmpdir(), 'relais-start-tracing-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs fn with these variables set (undefined: unset), then puts them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

describe('what npm start does about traces', () => {
  it('brings up the local Zipkin and sends spans there by default', () => {
    expect(planTracing({})).toMatchObject({
      localZipkin: true,
      telemetry: { serviceName: 'relais', exporter: 'zipkin' },
    });
  });

  it('does without it when told so, or when spans go elsewhere', () => {
    expect(planTracing({ RELAIS_TRACING: 'off' })).toMatchObject({
      localZipkin: false,
      telemetry: { exporter: 'none' },
      reason: 'off (RELAIS_TRACING=off)',
    });
    expect(planTracing({ OTEL_TRACES_EXPORTER: 'none' })).toMatchObject({
      localZipkin: false,
      telemetry: { exporter: 'none' },
    });
    expect(planTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toMatchObject({
      localZipkin: false,
      telemetry: { exporter: 'otlp', otlpEndpoint: 'http://127.0.0.1:4318' },
    });
    expect(
      planTracing({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin.example:9411/api/v2/spans' }),
    ).toMatchObject({ localZipkin: false, reason: expect.stringContaining('your Zipkin') });
  });

  it('goes on without traces when Java is missing, saying why', async () => {
    const warnings: string[] = [];
    const tracing = await withEnv(
      { JAVA_HOME: '/nonexistent-jdk', RELAIS_ZIPKIN_HOME: path.join(home, 'no-java') },
      () => startTracing(planTracing({}), (l) => warnings.push(l)),
    );
    expect(tracing).toMatchObject({
      zipkin: undefined,
      ui: undefined,
      telemetry: { exporter: 'none' },
    });
    expect(warnings.join('\n')).toMatch(/Java 17\+ is required.*going on without traces/s);
    expect(tracing.summary).toMatch(
      /^off \(the local Zipkin could not start: Java 17\+ is required/,
    );
  });

  it('a demo publication without a tracing UI prints no link', () => {
    showTracesAt(undefined);
    const t = newTrace();
    expect(t.headers.traceparent).toMatch(new RegExp(`^00-${t.traceId}-[0-9a-f]{16}-01$`));
    expect(t.note).toBe('');
  });

  it(
    "a demo publication's trace link opens the spans of the service that handled it",
    { timeout: 120_000 },
    async () => {
      const zipkinHome = path.join(home, 'zipkin');
      try {
        const tracing = await withEnv(
          { RELAIS_ZIPKIN_HOME: zipkinHome, RELAIS_ZIPKIN_PORT: '0' },
          () => startTracing(planTracing({})),
        );
        expect(tracing.zipkin?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(tracing.ui).toBe(`${tracing.zipkin?.url}/zipkin/`);
        const logger = createLogger({ service: 'relais-start', level: 'silent' });
        const telemetry = startTelemetry({ ...tracing.telemetry, logger });
        showTracesAt(tracing.ui);

        const app = await createHttpApp({ logger, service: 'gateway' });
        app.post('/v1/events/:contract', async (_req, reply) => reply.status(202).send({}));
        const published = newTrace();
        expect(published.note).toBe(` — trace ${tracing.ui}traces/${published.traceId}`);
        const res = await app.inject({
          method: 'POST',
          url: '/v1/events/fr.gouv.tax.IncomeAssessed',
          headers: published.headers,
          payload: {},
        });
        expect(res.statusCode).toBe(202);
        await telemetry.flush();
        await telemetry.shutdown();
        await app.close();

        const spans = (await (
          await fetch(`${tracing.zipkin?.url}/api/v2/trace/${published.traceId}`)
        ).json()) as Array<{ name: string; localEndpoint: { serviceName: string } }>;
        expect(spans).toContainEqual(
          expect.objectContaining({
            name: 'post /v1/events/:contract',
            localEndpoint: { serviceName: 'gateway' },
          }),
        );
        // The page the link opens is the UI's (a single-page app serving every /zipkin/ path).
        expect((await fetch(published.note.replace(' — trace ', ''))).status).toBe(200);
      } finally {
        await down(zipkinHome, () => undefined, 500);
      }
    },
  );
});
