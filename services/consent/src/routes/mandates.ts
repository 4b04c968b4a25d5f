// The citizen's side of mandates (issue 15, dec-040), inside the citizen scope:
//   GET    /v1/me/mandates                      my mandates to France Services structures
//   DELETE /v1/me/mandates/:mandateId[?scope=]  withdraw a scope, or the whole mandate
//   GET    /v1/me/counter-actions               who acted for me at a counter (and who tried)
import type { FastifyPluginAsync } from 'fastify';
import {
  mandateScopes,
  revokeMandateScopes,
  type MandateScope,
  type ScopeRevocation,
} from '@relais/contracts';
import type { Clock, IdGenerator } from '@relais/kit';
import type { MandateStore } from '../adapters/mandates-store.ts';
import type { MandateChange, MandateWriter } from '../adapters/mandate-writer.ts';
import '../auth/types.ts';
import type { CounterActionStore } from '../consumers/counter-actions.ts';
import { errors } from '../errors.ts';
import { mandateView } from './counter.ts';

export interface MandateRoutesDeps {
  mandates: Pick<MandateStore, 'get'>;
  mandateWriter: MandateWriter;
  counterActions: CounterActionStore;
  clock: Clock;
  ids: IdGenerator;
}

export function mandateRoutes(deps: MandateRoutesDeps): FastifyPluginAsync {
  const now = () => deps.clock.now();
  return async (app) => {
    app.get(
      '/v1/me/mandates',
      { schema: { tags: ['mandates'], summary: 'My mandates to France Services, newest first' } },
      async (request) => ({
        mandates: [...(deps.mandates.get(request.citizen.pivot)?.mandates ?? [])]
          .reverse()
          .map((m) => mandateView(m, now())),
      }),
    );

    app.delete<{ Params: { mandateId: string }; Querystring: { scope?: MandateScope } }>(
      '/v1/me/mandates/:mandateId',
      {
        schema: {
          tags: ['mandates'],
          summary: 'Withdraw one scope of a mandate (?scope=), or all of them: effective at once',
          params: {
            type: 'object',
            required: ['mandateId'],
            properties: { mandateId: { type: 'string', minLength: 1, maxLength: 100 } },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { scope: { type: 'string', enum: [...mandateScopes] } },
          },
        },
      },
      async (request) => {
        const outcome = await deps.mandateWriter.change(
          request.citizen.pivot,
          (current): MandateChange<ScopeRevocation> => {
            const r = revokeMandateScopes(current, {
              mandateId: request.params.mandateId,
              scopes: request.query.scope ? [request.query.scope] : undefined,
              by: { actor: 'CITIZEN' },
              changeId: deps.ids(),
              now: now(),
            });
            return r.code === 'revoked' ? { state: r.state, result: r } : { result: r };
          },
        );
        if (!('mandate' in outcome)) throw errors.mandateNotFound();
        return { mandate: mandateView(outcome.mandate, now()) };
      },
    );

    app.get<{ Querystring: { limit?: number } }>(
      '/v1/me/counter-actions',
      {
        schema: {
          tags: ['mandates'],
          summary:
            'What France Services agents did for me, or tried and were refused, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          },
        },
      },
      async (request) => ({
        actions: deps.counterActions.list(request.citizen.pivot, request.query.limit ?? 100),
      }),
    );
  };
}
