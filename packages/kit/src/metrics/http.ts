// Metrics over HTTP: every request's duration in one histogram labelled by method, route PATTERN
// (`/v1/inbox/:id`, never the raw URL: a path may carry an identifier) and status code, and the
// scrape route GET /metrics/prometheus, behind the scrape token (deny by default).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthenticated } from '../errors.ts';
import { bearerAuth } from '../http/auth.ts';
import { relaisMetrics } from './catalog.ts';
import { PROMETHEUS_CONTENT_TYPE, type MetricsAccess, type ServiceMetrics } from './registry.ts';

/** Seconds; up to 30 s, the longest inbox long-poll. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const PROMETHEUS_PATH = '/metrics/prometheus';

/** The route's pattern as registered; 'unmatched' for a path no route answers. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

function scrapeAuth(access: MetricsAccess) {
  if (access.scrapeToken) return bearerAuth(access.scrapeToken, 'the scrape token (metrics.token)');
  return async (): Promise<void> => {
    throw unauthenticated(
      'authorization: this service takes no scrape token (METRICS_TOKEN_FILE); scrape its metrics listener (METRICS_PORT)',
    );
  };
}

/** The latency histogram on every route of `app`, and GET /metrics/prometheus. */
export function instrumentHttp(app: FastifyInstance, metrics: ServiceMetrics): void {
  const duration = metrics.histogram(relaisMetrics.http.requestDuration, HTTP_DURATION_BUCKETS);
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: routeLabel(request), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    PROMETHEUS_PATH,
    {
      schema: {
        summary: 'The Prometheus exposition (text format 0.0.4)',
        security: [{ scrapeToken: [] }],
        response: {
          200: {
            description: 'The exposition',
            content: { [PROMETHEUS_CONTENT_TYPE]: { schema: { type: 'string' } } },
          },
        },
      },
      onRequest: scrapeAuth(metrics.access),
    },
    async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(await metrics.scrape()),
  );
}
