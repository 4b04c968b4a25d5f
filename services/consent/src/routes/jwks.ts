// GET /v1/consents/jwks — the receipts' public key; GET /v1/access-log/jwks — the access log's
// checkpoint key (dec-036). No citizen token needed: anyone verifies with them.
import type { FastifyPluginAsync } from 'fastify';
import type { JWK } from 'jose';
import type { ReceiptSigner } from '../adapters/receipts.ts';
import { errors } from '../errors.ts';

export function jwksRoutes(
  receipts: Pick<ReceiptSigner, 'jwks'>,
  checkpointKeys: () => { keys: JWK[] } | undefined = () => undefined,
): FastifyPluginAsync {
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
    app.get(
      '/v1/access-log/jwks',
      {
        schema: {
          tags: ['access-log'],
          summary:
            "The public JWK set of the access log's checkpoints: verify a checkpoint (compact JWS, ES256, typ relais-checkpoint+jws) and, with an access record's audit path, that the record is in the log (RFC 6962; docs/security.md)",
        },
      },
      async (_request, reply) => {
        const jwks = checkpointKeys();
        if (!jwks) throw errors.checkpointKeyMissing();
        return reply.header('cache-control', 'public, max-age=300').send(jwks);
      },
    );
  };
}
