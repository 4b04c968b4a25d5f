// Deny by default: every route registered inside this scope needs a valid access token.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { gatewayErrors } from '../errors.ts';
import type { TokenService } from './tokens.ts';
import './types.ts';

/** fastify-plugin: the hook applies to the scope that registers it, i.e. its sibling routes. */
export function requireAgency(tokens: TokenService): FastifyPluginAsync {
  return fp(async (app) => {
    app.decorateRequest('agency');
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer realm="relais"');
        throw gatewayErrors.bearerMissing();
      }
      try {
        request.agency = await tokens.verify(match[1]);
      } catch (err) {
        reply.header('www-authenticate', 'Bearer realm="relais", error="invalid_token"');
        throw err;
      }
    });
  });
}
