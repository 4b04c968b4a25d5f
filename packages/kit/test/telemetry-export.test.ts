// A service started with `--import …/telemetry/register` exports its spans — to Zipkin by
// default, over OTLP/HTTP when a collector is given — and closes gracefully on SIGTERM, flushing
// them. With its Zipkin down it answers as fast, says so once, and still exits promptly.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { waitFor } from '@relais/testkit';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A stand-in for a span intake (a collector, Zipkin): keeps what it was sent. */
async function intake() {
  const received: Array<{ url: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, received, close: () => server.close() };
}

/** The fixture service as a process, with only the OTEL_* variables given here. */
async function service(otel: Record<string, string>) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')),
  ) as NodeJS.ProcessEnv;
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(here, '..', 'src', 'telemetry', 'register.ts'),
      path.join(here, 'fixtures', 'http-service.ts'),
    ],
    { env: { ...env, ...otel }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let address = '';
  const lines: string[] = [];
  child.stdout.on('data', (d: Buffer) => {
    lines.push(...d.toString().split('\n').filter(Boolean));
    const m = /listening (\S+)/.exec(d.toString());
    if (m?.[1]) address = m[1];
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitFor(() => address || undefined, { timeoutMs: 20_000, what: 'the service listening' });
  return {
    address,
    lines,
    ping: (traceId: string) =>
      fetch(`${address}/v1/ping?code=secret-code`, {
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      }),
    async stop(): Promise<{ code: number | null; ms: number }> {
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

it('exports the request span over OTLP and exits 0 on SIGTERM', async () => {
  const collector = await intake();
  const svc = await service({
    OTEL_SERVICE_NAME: 'fixture-http',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
  });
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const res = await svc.ping(traceId);
  expect(await res.json()).toEqual({ pong: true });

  expect((await svc.stop()).code).toBe(0);
  collector.close();
  const traces = collector.received.filter((r) => r.url === '/v1/traces');
  expect(traces.length).toBeGreaterThan(0);
  const all = traces.map((t) => t.body).join('\n');
  expect(all).toContain(traceId);
  expect(all).toContain('fixture-http');
  expect(all).toContain('/v1/ping');
});

it('sends its spans to Zipkin by default, each named after the service that made it', async () => {
  const zipkin = await intake();
  const svc = await service({
    // The process's resource is "relais" (npm start runs every service in one process) ...
    OTEL_SERVICE_NAME: 'relais',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: `http://127.0.0.1:${zipkin.port}/api/v2/spans`,
  });
  const traceId = '1af7651916cd43dd8448eb211c80319c';
  expect((await svc.ping(traceId)).status).toBe(200);
  expect((await svc.stop()).code).toBe(0);
  zipkin.close();

  const posted = zipkin.received.filter((r) => r.url === '/api/v2/spans');
  expect(posted.length).toBeGreaterThan(0);
  const spans = posted.flatMap(
    (p) =>
      JSON.parse(p.body) as Array<{
        traceId: string;
        kind?: string;
        localEndpoint: { serviceName: string };
        tags: Record<string, string>;
      }>,
  );
  const ours = spans.filter((s) => s.traceId === traceId);
  expect(ours.length).toBeGreaterThan(1);
  // ... but each span names the service the app was created for (createHttpApp's `service`).
  expect(new Set(ours.map((s) => s.localEndpoint.serviceName))).toEqual(new Set(['fixture-http']));
  const server = ours.find((s) => s.kind === 'SERVER');
  expect(server?.tags['url.path']).toBe('/v1/ping');
  expect(JSON.stringify(spans)).not.toContain('secret-code');
});

it('with its Zipkin down, answers as fast, warns once and exits promptly', async () => {
  const closed = await intake();
  closed.close();
  const svc = await service({
    OTEL_SERVICE_NAME: 'fixture-http',
    OTEL_TRACES_EXPORTER: 'zipkin',
    OTEL_EXPORTER_ZIPKIN_ENDPOINT: `http://127.0.0.1:${closed.port}/api/v2/spans`,
  });
  const started = Date.now();
  for (let i = 0; i < 50; i += 1) {
    expect((await svc.ping(`2af7651916cd43dd8448eb2${String(i).padStart(9, '0')}`)).status).toBe(
      200,
    );
  }
  const perRequest = (Date.now() - started) / 50;
  const stopped = await svc.stop();
  expect(stopped.code).toBe(0);
  expect(stopped.ms).toBeLessThan(5_000);
  expect(perRequest).toBeLessThan(100);
  const warnings = svc.lines.filter((l) => l.includes('traces are not exported'));
  expect(warnings).toHaveLength(1);
  expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({
    level: 'warn',
    exporter: 'zipkin',
    error: expect.stringMatching(/ECONNREFUSED/),
  });
});
