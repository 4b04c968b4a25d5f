// GET /v1/rejects — what your native publishing got refused, and why (latest first).
import type { FastifyPluginAsync } from 'fastify';
import type { RejectStore } from '../adapters/rejects.ts';

export function rejectRoutes(rejects: Pick<RejectStore, 'list'>): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { limit?: number } }>(
      '/v1/rejects',
      {
        schema: {
          tags: ['events'],
          summary:
            'Records of yours refused on relais.ingress.<you>, with reason and origin (also on relais.rejects.<you>)',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          },
          returns: {
            200: {
              type: 'object',
              required: ['rejects'],
              properties: { rejects: { type: 'array', items: { type: 'object' } } },
            },
          },
        },
      },
      async (request) => ({ rejects: rejects.list(request.agency.id, request.query.limit ?? 100) }),
    );
  };
}
