// A span exporter whose backend is down or silent never slows, blocks or floods a service.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { GuardedSpanExporter, telemetryOptionsFromEnv, ConfigError } from '../src/index.ts';
import { capturingLogger } from './support.ts';

const spans = [] as ReadableSpan[];
const exportOnce = (exporter: GuardedSpanExporter): Promise<ExportResult> =>
  new Promise((resolve) => exporter.export(spans, resolve));

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('an exporter whose endpoint is down', () => {
  it('fails fast, says so once, and stops trying for a while', async () => {
    const port = await closedPort();
    const inner = new ZipkinExporter({ url: `http://127.0.0.1:${port}/api/v2/spans` });
    let calls = 0;
    const counted = {
      export: (s: ReadableSpan[], done: (r: ExportResult) => void) => {
        calls += 1;
        inner.export(s, done);
      },
      shutdown: () => inner.shutdown(),
    };
    let now = 0;
    const { logger, lines } = capturingLogger('gateway');
    const guard = new GuardedSpanExporter(counted, {
      exporter: 'zipkin',
      url: `http://127.0.0.1:${port}/api/v2/spans`,
      logger,
      pauseMs: 10_000,
      now: () => now,
    });
    // A one-span batch: the Zipkin exporter sends nothing for an empty one.
    const batch = [fakeSpan()];
    const first = await new Promise<ExportResult>((resolve) => guard.export(batch, resolve));
    expect(first.code).toBe(ExportResultCode.FAILED);
    for (let i = 0; i < 20; i += 1) await exportOnce(guard);
    expect(calls).toBe(1);
    now += 10_001;
    await new Promise<ExportResult>((resolve) => guard.export(batch, resolve));
    expect(calls).toBe(2);
    const warnings = lines().filter((l) => l.includes('traces are not exported'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({
      level: 'warn',
      service: 'gateway',
      exporter: 'zipkin',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    await guard.shutdown();
  });

  it('says once when spans go again, and how many were dropped meanwhile', async () => {
    let answer: ExportResult = { code: ExportResultCode.FAILED, error: new Error('down') };
    let now = 0;
    const { logger, lines } = capturingLogger();
    const guard = new GuardedSpanExporter(
      { export: (_s, done) => done(answer), shutdown: async () => undefined },
      { exporter: 'otlp', url: 'http://collector:4318/v1/traces', logger, now: () => now },
    );
    await exportOnce(guard);
    await exportOnce(guard); // paused: dropped
    now += 60_000;
    answer = { code: ExportResultCode.SUCCESS };
    expect((await exportOnce(guard)).code).toBe(ExportResultCode.SUCCESS);
    await exportOnce(guard);
    expect(lines().map((l) => JSON.parse(l).msg)).toEqual([
      'traces are not exported: dropping spans until the endpoint answers',
      'traces are exported again',
    ]);
  });
});

describe('an exporter whose endpoint never answers', () => {
  it('gives up on an export, and on shutdown, after the timeout', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/v2/spans`;
    const { logger, lines } = capturingLogger();
    const guard = new GuardedSpanExporter(new ZipkinExporter({ url }), {
      exporter: 'zipkin',
      url,
      logger,
      timeoutMs: 300,
    });
    let started = Date.now();
    const result = await new Promise<ExportResult>((resolve) =>
      guard.export([fakeSpan()], resolve),
    );
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines().join('\n')).toContain('no answer within 300 ms');
    // The Zipkin exporter's own shutdown waits for the request that never ends; ours does not.
    started = Date.now();
    await guard.shutdown();
    expect(Date.now() - started).toBeLessThan(2_000);
    silent.closeAllConnections();
    silent.close();
  });
});

describe('where a process sends its spans (OTEL_* variables)', () => {
  it('to the local Zipkin by default', () => {
    expect(telemetryOptionsFromEnv({})).toEqual({
      serviceName: 'relais',
      exporter: 'zipkin',
      zipkinEndpoint: 'http://127.0.0.1:9411/api/v2/spans',
      otlpEndpoint: undefined,
    });
  });

  it('over OTLP when only a collector is given (docker-compose.yml), or when asked', () => {
    expect(
      telemetryOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }),
    ).toMatchObject({ exporter: 'otlp', otlpEndpoint: 'http://otel-collector:4318' });
    expect(telemetryOptionsFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      exporter: 'otlp',
    });
    expect(
      telemetryOptionsFromEnv({
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans',
      }),
    ).toMatchObject({ exporter: 'zipkin', zipkinEndpoint: 'http://zipkin:9411/api/v2/spans' });
  });

  it('nowhere when told so; a bad value names the variable and what it expected', () => {
    expect(telemetryOptionsFromEnv({ OTEL_TRACES_EXPORTER: 'none' }).exporter).toBe('none');
    let err: unknown;
    try {
      telemetryOptionsFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([
      { variable: 'OTEL_TRACES_EXPORTER', expected: 'expected one of zipkin, otlp, none' },
    ]);
  });
});

/** A finished span as the exporter sees it (what the SDK hands it), with no personal data. */
function fakeSpan(): ReadableSpan {
  return {
    name: 'test',
    kind: 0,
    spanContext: () => ({
      traceId: '0'.repeat(31) + '1',
      spanId: '0'.repeat(15) + '1',
      traceFlags: 1,
    }),
    startTime: [0, 0],
    endTime: [0, 1000],
    duration: [0, 1000],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    ended: true,
    resource: { attributes: {} },
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as unknown as ReadableSpan;
}
