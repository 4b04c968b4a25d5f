// The stylesheet, the design system's fonts and icons (@relais/web), and the portal's public key.
import type { FastifyInstance } from 'fastify';
import { assetRoutes as webAssetRoutes } from '@relais/web';
import type { PortalDeps } from './web.ts';

export function assetRoutes(deps: Pick<PortalDeps, 'assets' | 'signer'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(webAssetRoutes(deps.assets));
    const jwks = {
      summary: "The portal's public keys (its citizen access tokens)",
      response: {
        200: {
          type: 'object',
          required: ['keys'],
          properties: { keys: { type: 'array', items: { type: 'object' } } },
        },
      },
    };
    app.get('/.well-known/jwks.json', { schema: jwks }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(deps.signer.jwks),
    );
  };
}
