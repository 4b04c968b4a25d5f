// GET /v1/consents/jwks — the receipts' public key; no citizen token needed.
import type { FastifyPluginAsync } from 'fastify';
import type { ReceiptSigner } from '../adapters/receipts.ts';

export function jwksRoutes(receipts: Pick<ReceiptSigner, 'jwks'>): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/v1/consents/jwks',
      {
        schema: {
          tags: ['receipts'],
          summary:
            'The public JWK set of consent receipts: verify a receipt with it (ES256, iss relais-consent)',
          returns: {
            200: {
              type: 'object',
              required: ['keys'],
              properties: { keys: { type: 'array', items: { type: 'object' } } },
            },
          },
        },
      },
      async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=300').send(receipts.jwks),
    );
  };
}
