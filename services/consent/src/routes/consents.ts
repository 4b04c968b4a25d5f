// The citizen's consents: grant (with a signed receipt), list, revoke. Only the caller's own:
// no route names a citizen, the pivot comes from the token.
import type { FastifyPluginAsync } from 'fastify';
import type { ConsentChannel, ConsentEntry } from '@relais/contracts';
import { notFound, validationError, type Clock, type IdGenerator } from '@relais/kit';
import type { ConsentWriter } from '../consent-writer.ts';
import {
  grantConsent,
  newestFirst,
  revokeConsent,
  statusOf,
  validateGrant,
  type ConsentPolicy,
} from '../domain/consents.ts';
import type { ReceiptSigner } from '../receipts/receipts.ts';
import type { DocumentStore } from '../store/documents.ts';
import '../auth/types.ts';
import { consentSchema, grantBodySchema } from './schemas.ts';

export interface ConsentRoutesDeps {
  writer: ConsentWriter;
  documents: DocumentStore;
  policy: ConsentPolicy;
  receipts: ReceiptSigner;
  clock: Clock;
  ids: IdGenerator;
}

interface GrantBody {
  purpose: string;
  recipient: string;
  categories: string[];
  expiresAt?: string;
  channel?: ConsentChannel;
}

export function consentRoutes(deps: ConsentRoutesDeps): FastifyPluginAsync {
  const view = (c: ConsentEntry) => ({ ...c, status: statusOf(c, deps.clock.now()) });
  return async (app) => {
    app.post<{ Body: GrantBody }>(
      '/v1/me/consents',
      {
        schema: {
          tags: ['consents'],
          summary:
            'Grant a consent: a purpose, a recipient (agency or sector:<sector>), data categories; answers it with a signed receipt (ES256 JWS, verify with GET /v1/consents/jwks)',
          body: grantBodySchema,
          response: {
            201: {
              type: 'object',
              required: ['consent', 'receipt'],
              properties: {
                consent: consentSchema,
                receipt: { type: 'string', description: 'compact JWS (ES256)' },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const problems = validateGrant(request.body, deps.policy, deps.clock.now());
        if (problems.length) throw validationError(problems);
        const consent = await deps.writer.change(request.citizen.pivot, (current) => {
          const { document, consent } = grantConsent(current, request.body, {
            clock: deps.clock,
            newId: deps.ids,
          });
          return { document, result: consent };
        });
        const receipt = await deps.receipts.sign(consent, request.citizen.pseudonym);
        return reply.status(201).send({ consent: view(consent), receipt });
      },
    );

    app.get(
      '/v1/me/consents',
      {
        schema: {
          tags: ['consents'],
          summary: 'Your consents, active, expired and revoked, the latest granted first',
          response: {
            200: {
              type: 'object',
              required: ['consents'],
              properties: { consents: { type: 'array', items: consentSchema } },
            },
          },
        },
      },
      async (request) => ({
        consents: newestFirst(deps.documents.get(request.citizen.pivot)).map(view),
      }),
    );

    app.delete<{ Params: { id: string } }>(
      '/v1/me/consents/:id',
      {
        schema: {
          tags: ['consents'],
          summary:
            'Revoke one of your consents: one call, effective for every event ordered after it; revoking again answers the same',
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
          },
          response: {
            200: {
              type: 'object',
              required: ['consent'],
              properties: { consent: consentSchema },
            },
          },
        },
      },
      async (request) => {
        const consent = await deps.writer.change(request.citizen.pivot, (current) => {
          const outcome = revokeConsent(current, request.params.id, deps.clock);
          if (outcome.kind === 'not-found') throw notFound(`consent ${request.params.id}`);
          if (outcome.kind === 'unchanged') return { result: outcome.consent };
          return { document: outcome.document, result: outcome.consent };
        });
        return { consent: view(consent) };
      },
    );
  };
}
