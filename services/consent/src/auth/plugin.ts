// Deny by default: every route registered inside this scope needs a citizen's access token.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors.ts';
import type { CitizenTokens } from './citizen-tokens.ts';
import './types.ts';

/** The header on every answer a development token obtained (issue 13): its value, the setting. */
export const DEVELOPMENT_HEADER = 'relais-development';

/**
 * fastify-plugin: the hook applies to the scope that registers it, i.e. its sibling routes.
 * `developmentSetting` names the setting that lets development tokens in, for the header.
 */
export function requireCitizen(
  tokens: Pick<CitizenTokens, 'verify'>,
  developmentSetting = 'CONSENT_DEV_TOKENS',
): FastifyPluginAsync {
  return fp(async (app) => {
    app.decorateRequest('citizen');
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer realm="relais-portal"');
        throw errors.missingToken();
      }
      try {
        request.citizen = await tokens.verify(match[1]);
        if (request.citizen.developmentToken) reply.header(DEVELOPMENT_HEADER, developmentSetting);
      } catch (err) {
        reply.header('www-authenticate', 'Bearer realm="relais-portal", error="invalid_token"');
        throw err;
      }
    });
  });
}
