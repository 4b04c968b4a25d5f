// The metrics listener: GET /metrics/prometheus on a port of its own, without a token, for a
// Prometheus on a private network (METRICS_HOST, METRICS_PORT). Nothing else is served there: no
// route of the service, no personal data, so opening it unauthenticated gives away only counters.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging.ts';
import { PROMETHEUS_PATH } from './http.ts';
import { PROMETHEUS_CONTENT_TYPE, type ServiceMetrics } from './registry.ts';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

export async function listenMetrics(
  metrics: ServiceMetrics,
  options: { host: string; port: number; logger: Logger },
): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== PROMETHEUS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
      return;
    }
    metrics.scrape().then(
      (text) => {
        response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        options.logger.error({ err }, 'metrics scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  options.logger.info({ url: `${url}${PROMETHEUS_PATH}` }, 'metrics listener (no token)');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
