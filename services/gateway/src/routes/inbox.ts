// GET /v1/inbox (cursor pull with long-poll) and POST /v1/inbox/ack — the caller's inbox only.
// Cursors are opaque (domain/cursor.ts): the same on every gateway instance (dec-046).
import type { FastifyPluginAsync } from 'fastify';
import type { AgencyId } from '@relais/contracts';
import type { InboxView, LongPolls } from '../adapters/inbox.ts';
import type { GatewayCounters } from '../adapters/metrics.ts';
import { decodeCursor, type OffsetVector } from '../domain/cursor.ts';
import { gatewayErrors } from '../errors.ts';

export interface InboxRoutesDeps {
  inbox: Pick<InboxView, 'read'>;
  /** Resolves once the acknowledgements made on any instance are applied here (inbox-replica.ts). */
  fresh(): Promise<void>;
  /** Acknowledges on Kafka and answers once this instance applied it (inbox-replica.ts). */
  ack(agency: AgencyId, cursor: OffsetVector): Promise<string>;
  longPolls: LongPolls;
  counters: GatewayCounters;
}

/** What an agency hands back: base64url, or `0` for the beginning. */
const cursorString = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,8192}$' } as const;

function cursorOf(value: string | undefined, field: string): OffsetVector {
  const vector = decodeCursor(value);
  if (!vector) throw gatewayErrors.cursorInvalid(field);
  return vector;
}

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
    cursor: { type: 'string', description: 'Opaque: hand it back as `after` or to ack.' },
  },
};

export function inboxRoutes({
  inbox,
  fresh,
  ack,
  longPolls,
  counters,
}: InboxRoutesDeps): FastifyPluginAsync {
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
                next: { type: 'string' },
              },
            },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              after: {
                ...cursorString,
                description: 'Cursor of the last event you read (opaque; `0`: the beginning).',
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
        const after = cursorOf(request.query.after, '/querystring/after');
        const limit = request.query.limit ?? 100;
        await fresh();
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
              properties: { acknowledged: { type: 'string' } },
            },
          },
          body: {
            type: 'object',
            required: ['cursor'],
            additionalProperties: false,
            properties: { cursor: cursorString },
          },
        },
      },
      async (request) => {
        const cursor = cursorOf(request.body.cursor, '/body/cursor');
        const acknowledged = await ack(request.agency.id, cursor);
        counters.inboxAcked(request.agency.id);
        return { acknowledged };
      },
    );
  };
}
