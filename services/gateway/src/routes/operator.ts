// Operators: every agency's webhook dead letters, and their redelivery. The gateway guards this
// scope with the operator token (src/app.ts).
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { gatewayErrors } from '../errors.ts';
import {
  deliveriesReply,
  deliveryView,
  idParams,
  limitQuery,
  redeliverReply,
  tags,
  type WebhookRoutesDeps,
} from './webhooks.ts';

export type WebhookOperatorRoutesDeps = Omit<WebhookRoutesDeps, 'allowInsecureLocalhost'>;

/** Operators: every agency's dead letters. The gateway guards these with the operator token. */
export function webhookOperatorRoutes(deps: WebhookOperatorRoutesDeps): FastifyPluginAsync {
  const { store, dispatcher } = deps;
  return async (app) => {
    app.get<{ Querystring: { limit: number } }>(
      '/v1/operator/webhooks/failed',
      {
        schema: {
          tags,
          summary: 'Dead-lettered webhook deliveries of every agency, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { limit: limitQuery },
          },
          response: { 200: deliveriesReply(true) },
        },
      },
      async (request) => ({
        deliveries: store.listFailedAll(request.query.limit).map((d) => {
          const last = store.lastAttemptAt(d.id);
          return {
            agency: d.agency,
            failedAt: last === null ? null : new Date(last).toISOString(),
            ...deliveryView(d),
          };
        }),
      }),
    );

    app.post<{ Params: { id: string } }>(
      '/v1/operator/webhooks/deliveries/:id/redeliver',
      {
        schema: {
          tags,
          summary: 'Send any agency’s delivery again from its first attempt',
          params: idParams,
          response: { 202: redeliverReply },
        },
      },
      async (request, reply) => {
        const d = store.redeliverAny(request.params.id);
        if (!d) throw gatewayErrors.webhookDeliveryNotFound(request.params.id);
        dispatcher.notify(d.agency);
        return reply.status(202).send({ id: d.id, agency: d.agency, status: 'pending' });
      },
    );
  };
}
