// Routes without a citizen token: the receipts' public key, and the development token issuer.
import type { FastifyPluginAsync } from 'fastify';
import type { CitizenTokens } from '../auth/citizen-tokens.ts';
import type { ReceiptSigner } from '../receipts/receipts.ts';

export function jwksRoutes(receipts: ReceiptSigner): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/v1/consents/jwks',
      {
        schema: {
          tags: ['receipts'],
          summary:
            'The public JWK set of consent receipts: verify a receipt with it (ES256, iss relais-consent)',
        },
      },
      async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=300').send(receipts.jwks),
    );
  };
}

/** Registered only with `devTokens: true`; production citizens sign in with FranceConnect. */
export function devTokenRoutes(tokens: CitizenTokens): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { pseudonym: string } }>(
      '/v1/dev/citizen-token',
      {
        schema: {
          tags: ['dev'],
          summary:
            'DEVELOPMENT ONLY: a 15-minute citizen access token for a portal pseudonym (stands in for FranceConnect)',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['pseudonym'],
            properties: {
              pseudonym: {
                type: 'string',
                pattern: '^[A-Za-z0-9_-]+$',
                minLength: 1,
                maxLength: 128,
                description: "the citizen's pseudonym in sector portal",
              },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                access_token: { type: 'string' },
                token_type: { type: 'string', enum: ['Bearer'] },
                expires_in: { type: 'integer' },
              },
            },
          },
        },
      },
      async (request) => tokens.issue(request.body.pseudonym),
    );
  };
}
