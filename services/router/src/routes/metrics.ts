// GET /metrics: the router's counters — events routed, deliveries, denials by code and agency.
// The type import brings @fastify/swagger's schema fields (tags, summary) into FastifySchema.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import type { RouterStats } from '../domain/stats.ts';

export function metricsRoutes(deps: { stats: RouterStats }): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          summary: 'Events routed, deliveries, denials by reason and agency',
          returns: { 200: { type: 'object' } },
        },
      },
      async () => deps.stats,
    );
  };
}
