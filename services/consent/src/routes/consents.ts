// The citizen's consents: grant (with a signed receipt), list, revoke. Only the caller's own:
// no route names a citizen, the pivot comes from the token.
import type { FastifyPluginAsync } from 'fastify';
import { asConsentId, type ConsentChannel, type ConsentEntry } from '@relais/contracts';
import type { Clock, IdGenerator } from '@relais/kit';
import type { ChangeOutcome, ConsentWriter } from '../adapters/consent-writer.ts';
import type { DocumentStore } from '../adapters/documents.ts';
import type { ConsentCounters } from '../adapters/metrics.ts';
import type { ReceiptSigner } from '../adapters/receipts.ts';
import {
  grantConsent,
  newestFirst,
  revokeConsent,
  statusOf,
  validateGrant,
  type ConsentPolicy,
  type Revocation,
} from '../domain/consents.ts';
import { errors } from '../errors.ts';
import '../auth/types.ts';
import { consentSchema, grantBodySchema } from './schemas.ts';

export interface ConsentRoutesDeps {
  writer: Pick<ConsentWriter, 'change'>;
  documents: DocumentStore;
  policy: ConsentPolicy;
  receipts: Pick<ReceiptSigner, 'sign'>;
  clock: Clock;
  ids: IdGenerator;
  counters: ConsentCounters;
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
  // Consent ids are Relais' own (the id generator's).
  const newId = () => asConsentId(deps.ids());
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
        if (problems.length) throw errors.invalidGrant(problems);
        const consent = await deps.writer.change(request.citizen.pivot, (current) => {
          const { document, consent } = grantConsent(current, request.body, {
            clock: deps.clock,
            newId,
          });
          return { document, result: consent };
        });
        deps.counters.granted(consent);
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

    app.get<{ Params: { id: string } }>(
      '/v1/me/consents/:id/receipt',
      {
        schema: {
          tags: ['consents'],
          summary:
            'The signed receipt of one of your consents, again (the same claims, signed anew: ES256 signatures differ each time, each verifies); not yours: 404',
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
          },
          response: {
            200: {
              type: 'object',
              required: ['receipt'],
              properties: { receipt: { type: 'string', description: 'compact JWS (ES256)' } },
            },
          },
        },
      },
      async (request) => {
        const consent = newestFirst(deps.documents.get(request.citizen.pivot)).find(
          (c) => c.id === request.params.id,
        );
        if (!consent) throw errors.consentNotFound(request.params.id);
        return { receipt: await deps.receipts.sign(consent, request.citizen.pseudonym) };
      },
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
        // The schema checked its length; an id nobody granted is simply not found.
        const id = asConsentId(request.params.id);
        const outcome = await deps.writer.change(
          request.citizen.pivot,
          (current): ChangeOutcome<Revocation> => {
            const revocation = revokeConsent(current, id, deps.clock);
            return revocation.code === 'revoked'
              ? { document: revocation.document, result: revocation }
              : { result: revocation };
          },
        );
        if (outcome.code === 'not-found') throw errors.consentNotFound(outcome.id);
        if (outcome.code === 'revoked') deps.counters.revoked(outcome.consent);
        return { consent: view(outcome.consent) };
      },
    );
  };
}
