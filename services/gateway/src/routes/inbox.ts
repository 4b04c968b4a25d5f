// GET /v1/inbox (cursor pull with long-poll) and POST /v1/inbox/ack — the caller's inbox only.
import type { FastifyPluginAsync } from 'fastify';
import type { InboxStore, LongPolls } from '../adapters/inbox.ts';
import type { GatewayCounters } from '../adapters/metrics.ts';

const nullableString = { type: ['string', 'null'] };

/** A delivered event with its cursor (domain/inbox.ts InboxEvent), for the document. */
const inboxEvent = {
  type: 'object',
  required: ['id', 'type', 'subject', 'time', 'source', 'cursor', 'data'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    subject: { type: 'string' },
    time: { type: 'string' },
    source: { type: 'string' },
    purpose: nullableString,
    legalBasis: nullableString,
    consentId: nullableString,
    data: {},
    cursor: { type: 'string', pattern: '^[0-9]+$' },
  },
};

export function inboxRoutes(
  inbox: InboxStore,
  longPolls: LongPolls,
  counters: GatewayCounters,
): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { after?: string; limit?: number; wait?: number } }>(
      '/v1/inbox',
      {
        schema: {
          tags: ['inbox'],
          summary:
            'Your deliveries after a cursor; waits up to `wait` seconds when there is none yet',
          returns: {
            200: {
              type: 'object',
              required: ['events', 'next'],
              properties: {
                events: { type: 'array', items: inboxEvent },
                next: { type: 'string', pattern: '^[0-9]+$' },
              },
            },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              after: {
                type: 'string',
                pattern: '^[0-9]{1,18}$',
                description: 'Cursor of the last event you read.',
              },
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
              wait: {
                type: 'integer',
                minimum: 0,
                maximum: 30,
                default: 0,
                description: 'Long-poll, seconds.',
              },
            },
          },
        },
      },
      async (request) => {
        const agency = request.agency.id;
        const after = Number(request.query.after ?? 0);
        const limit = request.query.limit ?? 100;
        let page = inbox.read(agency, after, limit);
        if (page.events.length === 0 && (request.query.wait ?? 0) > 0) {
          const deadline = Date.now() + (request.query.wait ?? 0) * 1000;
          while (page.events.length === 0 && Date.now() < deadline) {
            await longPolls.wait(agency, deadline - Date.now());
            page = inbox.read(agency, after, limit);
          }
        }
        counters.inboxRead(agency);
        return page;
      },
    );

    app.post<{ Body: { cursor: string } }>(
      '/v1/inbox/ack',
      {
        schema: {
          tags: ['inbox'],
          summary: 'Acknowledge everything up to a cursor: it will not be served again',
          returns: {
            200: {
              type: 'object',
              required: ['acknowledged'],
              properties: { acknowledged: { type: 'string', pattern: '^[0-9]+$' } },
            },
          },
          body: {
            type: 'object',
            required: ['cursor'],
            additionalProperties: false,
            properties: { cursor: { type: 'string', pattern: '^[0-9]{1,18}$' } },
          },
        },
      },
      async (request) => {
        const acked = inbox.ack(request.agency.id, Number(request.body.cursor));
        counters.inboxAcked(request.agency.id);
        return acked;
      },
    );
  };
}
