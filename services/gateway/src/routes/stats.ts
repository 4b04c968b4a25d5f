// GET /v1/operator/stats — the gateway's counters, for operators (the scope takes the operator
// token, src/app.ts): counts only, no agency's data.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayStats } from '../domain/stats.ts';

export function statsRoutes(stats: GatewayStats): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/v1/operator/stats',
      {
        schema: {
          tags: ['operator'],
          summary: 'What de-duplication skipped: inbox, webhook and Idempotency-Key duplicates',
          returns: { 200: { type: 'object', required: ['duplicates'] } },
        },
      },
      async () => stats,
    );
  };
}
