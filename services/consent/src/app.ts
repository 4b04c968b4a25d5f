// The consent service's HTTP side, a fastify plugin that never listens (src/index.ts listens):
// register it on the kit's createHttpApp() with its deps; tests `inject()` into it.
//   GET  /v1/consents/jwks          receipts' public key          (routes/jwks.ts)
//   POST /v1/dev/citizen-token      development sign-in, opt-in   (routes/dev-tokens.ts)
//   /v1/me/consents…                grant, list, revoke           (routes/consents.ts)
//   GET  /v1/me/access-log          who received my data          (routes/access-log.ts)
// Every /v1/me/* route is inside the citizen scope: deny by default without a citizen token.
import type { FastifyPluginAsync } from 'fastify';
import type { Catalog } from '@relais/contracts';
import { documentSecurity, type Clock, type IdGenerator } from '@relais/kit';
import type { AccessLogStore } from './adapters/access-log-store.ts';
import type { ConsentWriter } from './adapters/consent-writer.ts';
import type { DocumentStore } from './adapters/documents.ts';
import type { ConsentCounters } from './adapters/metrics.ts';
import type { ReceiptSigner } from './adapters/receipts.ts';
import type { CitizenTokens } from './auth/citizen-tokens.ts';
import { requireCitizen } from './auth/plugin.ts';
import { consentPolicy } from './domain/consents.ts';
import { accessLogRoutes } from './routes/access-log.ts';
import { consentRoutes } from './routes/consents.ts';
import { devTokenRoutes } from './routes/dev-tokens.ts';
import { jwksRoutes } from './routes/jwks.ts';

export interface ConsentAppDeps {
  catalog: Catalog;
  tokens: Pick<CitizenTokens, 'issue' | 'verify'>;
  /** Registers POST /v1/dev/citizen-token (development only). */
  devTokens: boolean;
  receipts: ReceiptSigner;
  writer: Pick<ConsentWriter, 'change'>;
  documents: DocumentStore;
  accessLog: AccessLogStore;
  clock: Clock;
  ids: IdGenerator;
  /** Grants and revocations for Prometheus (adapters/metrics.ts). */
  counters: ConsentCounters;
}

export const consentApp: FastifyPluginAsync<ConsentAppDeps> = async (app, deps) => {
  await app.register(jwksRoutes(deps.receipts));
  if (deps.devTokens) await app.register(devTokenRoutes(deps.tokens));
  await app.register(async (scope) => {
    await scope.register(requireCitizen(deps.tokens));
    documentSecurity(scope, [{ citizenToken: [] }]);
    await scope.register(
      consentRoutes({
        writer: deps.writer,
        documents: deps.documents,
        policy: consentPolicy(deps.catalog),
        receipts: deps.receipts,
        clock: deps.clock,
        ids: deps.ids,
        counters: deps.counters,
      }),
    );
    await scope.register(accessLogRoutes(deps.accessLog, deps.catalog));
  });
};
