// POST /v1/dev/citizen-token — the development token issuer; no citizen token needed.
import type { FastifyPluginAsync } from 'fastify';
import type { CitizenTokens } from '../auth/citizen-tokens.ts';
import { DEVELOPMENT_HEADER } from '../auth/plugin.ts';

/** Registered only with `devTokens: true`; production citizens sign in with FranceConnect. */
export function devTokenRoutes(tokens: Pick<CitizenTokens, 'issue'>): FastifyPluginAsync {
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
      async (request, reply) => {
        // Loudly marked (issue 13): whoever holds this token holds it from a development issuer.
        reply.header(DEVELOPMENT_HEADER, 'CONSENT_DEV_TOKENS');
        return tokens.issue(request.body.pseudonym);
      },
    );
  };
}
