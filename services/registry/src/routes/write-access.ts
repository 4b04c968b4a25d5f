// The guard of the Confluent scope's writes: each write route names its action
// (`config: { write: 'register' }`); this hook finds the writer behind the credential, checks the
// policy (domain/write-policy.ts) and leaves the write's audit context on the request. Runs at
// onRequest, before the body is read: a refused write costs nothing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '@relais/kit';
import { writerOf, type WriterTokens } from '../auth/credentials.ts';
import { mayWrite, type WriteAction, type WriteContext } from '../domain/write-policy.ts';
import { registryErrors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the routes that change the registry. */
    write?: WriteAction;
  }
  interface FastifyRequest {
    /** Who makes this write, and what it is (set by the guard). */
    registryWrite?: WriteContext;
  }
}

/** What clients are told to send (RFC 9110 §11.6.1): either scheme works. */
export const WWW_AUTHENTICATE = 'Basic realm="relais-registry", Bearer realm="relais-registry"';

export function guardWrites(app: FastifyInstance, tokens: WriterTokens, logger: Logger): void {
  app.decorateRequest('registryWrite', undefined);
  // In the document: a write takes either credential.
  app.addHook('onRoute', (route) => {
    if (route.config?.write)
      route.schema = {
        ...route.schema,
        security: [{ writerToken: [] }, { writerBasic: [] }],
        // A steward may not make every write (domain/write-policy.ts).
        errors: [...(route.schema?.errors ?? []), 403],
      };
  });
  app.addHook('onRequest', async (request, reply) => {
    const action = request.routeOptions.config.write;
    if (!action) return;
    const params = request.params as { subject?: string };
    const query = request.query as { permanent?: string };
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const write = {
      action,
      subject: params.subject ?? null,
      permanent: query.permanent === 'true',
    };
    const credential = writerOf(request.headers.authorization, tokens);
    if (!credential.ok) {
      logger.warn({ route, action, why: credential.why }, 'registry write refused');
      reply.header('www-authenticate', WWW_AUTHENTICATE);
      throw registryErrors.unauthorized(credential.why);
    }
    if (!mayWrite(credential.writer, write)) {
      logger.warn({ route, action, actor: credential.writer }, 'registry write refused');
      throw registryErrors.writeForbidden(write.permanent ? `${action} (permanent)` : action);
    }
    request.registryWrite = { ...write, actor: credential.writer, route };
  });
}

/** The audit context the guard left on a write route's request. */
export function writeContext(request: FastifyRequest): WriteContext {
  if (!request.registryWrite) throw new Error('a write route without its guard');
  return request.registryWrite;
}
