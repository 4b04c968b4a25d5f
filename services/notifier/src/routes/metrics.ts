// GET /metrics: notices issued, duplicates avoided, deliveries by channel and status.
import type { FastifyInstance } from 'fastify';
import type { NotifierStats } from '../consumers/stats.ts';
import './swagger-types.ts';

export interface MetricsRouteDeps {
  stats: NotifierStats;
}

export async function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Notices, duplicates avoided, deliveries by channel and status',
        returns: { 200: { type: 'object' } },
      },
    },
    async () => deps.stats,
  );
}
