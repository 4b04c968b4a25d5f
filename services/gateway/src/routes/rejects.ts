// GET /v1/rejects — what your native publishing got refused, and why (latest first).
import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseSync } from 'node:sqlite';

export function rejectRoutes(db: DatabaseSync): FastifyPluginAsync {
  const list = db.prepare(
    'SELECT id, at, reason, error, topic, partition, offset, event_id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT ?',
  );
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
        },
      },
      async (request) => {
        const rows = list.all(request.agency.id, request.query.limit ?? 100) as Array<
          Record<string, unknown>
        >;
        return {
          rejects: rows.map((r) => ({
            at: new Date(Number(r['at'])).toISOString(),
            reason: r['reason'],
            error: r['error'],
            origin: { topic: r['topic'], partition: r['partition'], offset: r['offset'] },
            eventId: r['event_id'],
          })),
        };
      },
    );
  };
}
