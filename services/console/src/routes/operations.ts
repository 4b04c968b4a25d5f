// Lag and throughput with the services' counters; failed webhook deliveries and their
// redelivery; the access log's chains; the operators' journal.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleActions, ConsoleReads, Operator } from '../domain/views.ts';
import { deliveryId, ids, limit, tags } from './schemas.ts';

export interface OperationRoutesDeps {
  reads: ConsoleReads;
  actions: ConsoleActions;
  operator: (request: object) => Operator;
}

const limitOnly = (max: number, fallback: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: { limit: limit(max, fallback) },
});

export function operationRoutes(deps: OperationRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/v1/lag',
      {
        schema: {
          tags,
          summary: 'Lag per consumer group and partition, throughput, counters',
          returns: {
            200: {
              type: 'object',
              required: ['groups'],
              properties: { groups: { type: 'array', items: { type: 'object' } } },
            },
          },
        },
      },
      async () => deps.reads.lag(),
    );

    app.get<{ Querystring: { limit: number } }>(
      '/api/v1/webhooks/failed',
      {
        schema: {
          tags,
          summary: 'Failed webhook deliveries',
          returns: {
            200: {
              type: 'object',
              required: ['deliveries'],
              properties: { deliveries: { type: 'array', items: { type: 'object' } } },
            },
          },
          querystring: limitOnly(500, 50),
          errors: [503],
        },
      },
      async (request) => ({ deliveries: await deps.reads.failedWebhooks(request.query.limit) }),
    );

    app.post<{ Body: { ids: string[] } }>(
      '/api/v1/webhooks/redeliver',
      {
        schema: {
          tags,
          summary: 'Send failed webhook deliveries again from their first attempt (journaled)',
          errors: [404, 503],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['ids'],
            properties: { ids: ids(deliveryId) },
          },
        },
      },
      async (request) => deps.actions.redeliverWebhook(deps.operator(request), request.body.ids),
    );

    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags,
          summary: "The access log's chains, verified per partition",
          returns: {
            200: {
              type: 'object',
              required: ['partitions'],
              properties: { partitions: { type: 'array', items: { type: 'object' } } },
            },
          },
        },
      },
      async () => deps.reads.audit(),
    );

    app.get<{ Querystring: { limit: number } }>(
      '/api/v1/journal',
      {
        schema: {
          tags,
          summary: "The operators' journal",
          returns: {
            200: {
              type: 'object',
              required: ['actions'],
              properties: { actions: { type: 'array', items: { type: 'object' } } },
            },
          },
          querystring: limitOnly(500, 100),
          errors: [503],
        },
      },
      async (request) => ({ actions: await deps.reads.journal(request.query.limit) }),
    );
  };
}
