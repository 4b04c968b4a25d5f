// A service started with `--import …/telemetry/register` exports its spans over OTLP/HTTP and
// closes gracefully on SIGTERM, flushing them.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { waitFor } from '@relais/testkit';

const here = path.dirname(fileURLToPath(import.meta.url));

it('exports the request span over OTLP and exits 0 on SIGTERM', async () => {
  const received: Array<{ url: string; body: string }> = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;

  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(here, '..', 'src', 'telemetry', 'register.ts'),
      path.join(here, 'fixtures', 'http-service.ts'),
    ],
    {
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'fixture-http',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let address = '';
  child.stdout.on('data', (d: Buffer) => {
    const m = /listening (\S+)/.exec(d.toString());
    if (m?.[1]) address = m[1];
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await waitFor(() => address || undefined, { timeoutMs: 20_000, what: 'the service listening' });

  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const res = await fetch(`${address}/v1/ping`, {
    headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
  });
  expect(await res.json()).toEqual({ pong: true });

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  collector.close();
  const traces = received.filter((r) => r.url === '/v1/traces');
  expect(traces.length).toBeGreaterThan(0);
  const all = traces.map((t) => t.body).join('\n');
  expect(all).toContain(traceId);
  expect(all).toContain('fixture-http');
  expect(all).toContain('/v1/ping');
});
