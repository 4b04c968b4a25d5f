// Operators: where one event stands at the recipients' edge — which agencies' inboxes it entered,
// when each acknowledged it, and each webhook delivery with its attempts. The console calls it to
// show a flow's last hop. The gateway guards this scope with the operator token (src/app.ts).
// Never the event's content or the citizen: ids, agencies, times, statuses.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { asEventId, type AgencyId } from '@relais/contracts';
import type { InboxView } from '../adapters/inbox.ts';
import { deliveryStatuses, type WebhookStore } from '../webhooks/store.ts';

export interface OperatorFlowRoutesDeps {
  inbox: Pick<InboxView, 'ofEvent'>;
  webhooks: Pick<WebhookStore, 'ofEvent'>;
}

const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** A CloudEvents id as the envelope accepts it: 1 to 128 visible characters. */
export const eventIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId'],
  properties: {
    eventId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
  },
} as const;

const flowReply = {
  type: 'object',
  required: ['eventId', 'recipients'],
  properties: {
    eventId: str,
    recipients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['agency', 'inbox', 'webhook'],
        properties: {
          agency: str,
          inbox: {
            type: ['object', 'null'],
            required: ['deliveredAt', 'ackedAt'],
            properties: { deliveredAt: time, ackedAt: nullableTime },
          },
          webhook: {
            type: ['object', 'null'],
            required: ['deliveryId', 'status', 'attempts'],
            properties: {
              deliveryId: str,
              status: { type: 'string', enum: deliveryStatuses },
              attempts: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['at', 'status', 'error'],
                  properties: {
                    at: time,
                    status: { type: ['integer', 'null'] },
                    error: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

interface Recipient {
  agency: AgencyId;
  inbox: { deliveredAt: string; ackedAt: string | null } | null;
  webhook: {
    deliveryId: string;
    status: (typeof deliveryStatuses)[number];
    attempts: Array<{ at: string; status: number | null; error: string | null }>;
  } | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function operatorFlowRoutes(deps: OperatorFlowRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { eventId: string } }>(
      '/v1/operator/flows/:eventId',
      {
        schema: {
          tags: ['operators'],
          summary:
            "One event at the recipients' edge: inbox entries and acknowledgements, webhook deliveries and their attempts",
          params: eventIdParams,
          response: { 200: flowReply },
        },
      },
      async (request) => {
        const { eventId } = request.params;
        const byAgency = new Map<AgencyId, Recipient>();
        const of = (agency: AgencyId): Recipient => {
          let r = byAgency.get(agency);
          if (!r) byAgency.set(agency, (r = { agency, inbox: null, webhook: null }));
          return r;
        };
        for (const i of deps.inbox.ofEvent(eventId))
          of(i.agency).inbox = {
            deliveredAt: iso(i.deliveredAt),
            ackedAt: i.ackedAt === null ? null : iso(i.ackedAt),
          };
        for (const d of deps.webhooks.ofEvent(asEventId(eventId)))
          of(d.agency).webhook = {
            deliveryId: d.id,
            status: d.status,
            attempts: d.history.map((a) => ({ at: iso(a.at), status: a.status, error: a.error })),
          };
        return { eventId, recipients: [...byAgency.values()] };
      },
    );
  };
}
