// Webhook registration and delivery history, scoped to the calling agency (`request.agency`, set
// by the auth plugin).
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import type {} from '../auth/types.ts';
import { webhookUrlProblem } from '../domain/webhooks.ts';
import { gatewayErrors } from '../errors.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';
import { localEndpoints, type EndpointWriter } from '../webhooks/endpoints.ts';
import {
  deliveryStatuses,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookStore,
} from '../webhooks/store.ts';

export interface WebhookRoutesDeps {
  store: WebhookStore;
  dispatcher: Pick<WebhookDispatcher, 'notify'>;
  allowInsecureLocalhost: boolean;
  /** Where a registration goes: the replicated topic (dec-046); the store alone by default. */
  endpoints?: EndpointWriter;
}

export const tags = ['webhooks'];
const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullable = <T extends { type: string }>(s: T) => ({ ...s, type: [s.type, 'null'] });

const endpointReply = {
  type: 'object',
  required: ['url', 'createdAt'],
  properties: { url: str, createdAt: time },
} as const;

const deliveryProperties = {
  id: str,
  eventId: str,
  status: { type: 'string', enum: deliveryStatuses },
  attempts: { type: 'integer' },
  nextAttemptAt: nullable(time),
  lastError: nullable(str),
  lastStatus: nullable({ type: 'integer' }),
  createdAt: time,
  deliveredAt: nullable(time),
};

export const deliveriesReply = (withAgency: boolean) => ({
  type: 'object',
  required: ['deliveries'],
  properties: {
    deliveries: {
      type: 'array',
      items: {
        type: 'object',
        properties: withAgency
          ? { agency: str, failedAt: nullable(time), ...deliveryProperties }
          : deliveryProperties,
      },
    },
  },
});

export const limitQuery = { type: 'integer', minimum: 1, maximum: 500, default: 50 } as const;
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;
export const redeliverReply = {
  type: 'object',
  required: ['id', 'status'],
  properties: { id: str, agency: str, status: { type: 'string', enum: ['pending'] } },
} as const;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The public view of a delivery: never the body (the agency has the event already). */
export function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastError: d.lastError,
    lastStatus: d.lastStatus,
    createdAt: iso(d.createdAt),
    deliveredAt: iso(d.deliveredAt),
  };
}

export function webhookRoutes(deps: WebhookRoutesDeps): FastifyPluginAsync {
  const { store, dispatcher } = deps;
  const endpoints = deps.endpoints ?? localEndpoints(store);
  return async (app) => {
    app.put<{ Body: { url: string; secret: string } }>(
      '/v1/webhooks',
      {
        schema: {
          tags,
          summary: 'Register (or replace) the agency’s webhook endpoint',
          description:
            'Events for the agency are POSTed to `url`, signed with `secret`: header ' +
            '`relais-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['url', 'secret'],
            properties: {
              url: { type: 'string', minLength: 1, maxLength: 2048 },
              secret: { type: 'string', minLength: 32, maxLength: 256 },
            },
          },
          response: { 200: endpointReply },
        },
      },
      async (request) => {
        const { url, secret } = request.body;
        const problem = webhookUrlProblem(url, deps.allowInsecureLocalhost);
        if (problem) throw gatewayErrors.webhookUrlRefused(problem);
        const endpoint = await endpoints.put(request.agency.id, url, secret);
        dispatcher.notify(request.agency.id); // deliveries left pending resume
        return { url: endpoint.url, createdAt: iso(endpoint.createdAt) };
      },
    );

    app.get(
      '/v1/webhooks',
      {
        schema: {
          tags,
          summary: 'The agency’s webhook endpoint (never its secret)',
          errors: [404],
          response: { 200: endpointReply },
        },
      },
      async (request) => {
        const endpoint = store.getEndpoint(request.agency.id);
        if (!endpoint) throw gatewayErrors.webhookEndpointNotFound();
        return { url: endpoint.url, createdAt: iso(endpoint.createdAt) };
      },
    );

    app.delete(
      '/v1/webhooks',
      {
        schema: {
          tags,
          summary: 'Remove the agency’s webhook endpoint; pending deliveries wait for a new one',
          response: { 204: { type: 'null' } },
        },
      },
      async (request, reply) => {
        await endpoints.remove(request.agency.id);
        return reply.status(204).send();
      },
    );

    app.get<{ Querystring: { status?: DeliveryStatus; limit: number } }>(
      '/v1/webhooks/deliveries',
      {
        schema: {
          tags,
          summary: 'The agency’s webhook deliveries, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: deliveryStatuses },
              limit: limitQuery,
            },
          },
          response: { 200: deliveriesReply(false) },
        },
      },
      async (request) => ({
        deliveries: store
          .list(request.agency.id, request.query.status, request.query.limit)
          .map(deliveryView),
      }),
    );

    app.post<{ Params: { id: string } }>(
      '/v1/webhooks/deliveries/:id/redeliver',
      {
        schema: {
          tags,
          summary: 'Send a delivery again from its first attempt (a failed one, or a replay)',
          params: idParams,
          response: { 202: redeliverReply },
        },
      },
      async (request, reply) => {
        const d = store.redeliver(request.agency.id, request.params.id);
        if (!d) throw gatewayErrors.webhookDeliveryNotFound(request.params.id);
        dispatcher.notify(d.agency);
        return reply.status(202).send({ id: d.id, status: 'pending' });
      },
    );
  };
}
