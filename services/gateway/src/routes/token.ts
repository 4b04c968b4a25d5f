// POST /v1/oauth/token — client credentials with a private_key_jwt client assertion (RFC 7523).
import type { FastifyPluginAsync } from 'fastify';
import { CLIENT_ASSERTION_TYPE, type TokenService } from '../auth/tokens.ts';
import { gatewayErrors } from '../errors.ts';

interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_assertion_type?: string;
  client_assertion?: string;
}

export function tokenRoutes(tokens: TokenService): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    app.post<{ Body: TokenRequest }>(
      '/v1/oauth/token',
      {
        schema: {
          tags: ['auth'],
          // 401: the assertion is malformed, unsigned by the client's key, expired or replayed.
          errors: [401],
          returns: {
            200: {
              type: 'object',
              required: ['access_token', 'token_type', 'expires_in'],
              properties: {
                access_token: { type: 'string' },
                token_type: { type: 'string', enum: ['Bearer'] },
                expires_in: { type: 'integer' },
              },
            },
          },
          summary:
            'Exchange a signed client assertion (ES256, 5 min max) for a 5-minute access token',
          body: {
            type: 'object',
            required: ['grant_type', 'client_assertion_type', 'client_assertion'],
            properties: {
              grant_type: { type: 'string', enum: ['client_credentials'] },
              client_id: { type: 'string' },
              client_assertion_type: { type: 'string', enum: [CLIENT_ASSERTION_TYPE] },
              client_assertion: { type: 'string', maxLength: 4096 },
            },
          },
        },
      },
      async (request) => {
        const assertion = request.body.client_assertion ?? '';
        // client_id is optional (RFC 7523 §3): the assertion's `sub` names the client.
        let clientId = request.body.client_id;
        if (!clientId) {
          try {
            const payload = JSON.parse(
              Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString(),
            ) as { sub?: string };
            clientId = payload.sub;
          } catch {
            throw gatewayErrors.assertionInvalid('malformed');
          }
        }
        return tokens.exchange(clientId, assertion);
      },
    );
  };
}
