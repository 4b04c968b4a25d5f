// The consent service's HTTP side, a fastify plugin that never listens (src/index.ts listens):
// register it on the kit's createHttpApp() with its deps; tests `inject()` into it.
//   GET  /v1/consents/jwks          receipts' public key          (routes/jwks.ts)
//   POST /v1/dev/citizen-token      development sign-in, opt-in   (routes/dev-tokens.ts)
//   /v1/me/consents…                grant, list, revoke           (routes/consents.ts)
//   GET  /v1/me/access-log          who received my data          (routes/access-log.ts)
//   GET  /v1/access-log/jwks        the checkpoints' public key   (routes/jwks.ts)
//   /v1/me/mandates…, /v1/me/counter-actions  my mandates, who acted for me (routes/mandates.ts)
//   /v1/counter/…                   France Services agents under a mandate (routes/counter.ts),
//                                   behind a counter token: deny by default without one
// Every /v1/me/* route is inside the citizen scope: deny by default without a citizen token.
import type { FastifyPluginAsync } from 'fastify';
import type { JWK } from 'jose';
import type { Catalog } from '@relais/contracts';
import { documentSecurity, type Clock, type IdGenerator } from '@relais/kit';
import type { AccessLogStore } from './adapters/access-log-store.ts';
import type { ConsentWriter } from './adapters/consent-writer.ts';
import type { DocumentStore } from './adapters/documents.ts';
import type { ConsentCounters } from './adapters/metrics.ts';
import type { ReceiptSigner } from './adapters/receipts.ts';
import type { CitizenTokens } from './auth/citizen-tokens.ts';
import { requireCounterAgent } from './auth/counter-plugin.ts';
import type { CounterTokens } from './auth/counter-tokens.ts';
import { requireCitizen } from './auth/plugin.ts';
import type { CounterActionStore } from './consumers/counter-actions.ts';
import type { CounterJournal } from './adapters/counter-journal.ts';
import type { MandateStore } from './adapters/mandates-store.ts';
import type { MandateWriter } from './adapters/mandate-writer.ts';
import type { PseudonymDirectory } from '@relais/identity';
import { counterRoutes } from './routes/counter.ts';
import { mandateRoutes } from './routes/mandates.ts';
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
  /** The access log checkpoints' public key set; undefined until the router created it. */
  checkpointKeys: () => { keys: JWK[] } | undefined;
  clock: Clock;
  ids: IdGenerator;
  /** Grants and revocations for Prometheus (adapters/metrics.ts). */
  counters: ConsentCounters;
  /** Mandates and the counter agents' routes (issue 15); none: neither is served. */
  counter?: CounterDeps | undefined;
}

export interface CounterDeps {
  tokens: Pick<CounterTokens, 'verify'>;
  mandates: MandateStore;
  mandateWriter: MandateWriter;
  journal: CounterJournal;
  counterActions: CounterActionStore;
  directory: Pick<PseudonymDirectory, 'pseudonymOf'>;
}

export const consentApp: FastifyPluginAsync<ConsentAppDeps> = async (app, deps) => {
  await app.register(jwksRoutes(deps.receipts, deps.checkpointKeys));
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
    if (deps.counter)
      await scope.register(mandateRoutes({ ...deps.counter, clock: deps.clock, ids: deps.ids }));
  });
  const counter = deps.counter;
  if (counter)
    await app.register(async (scope) => {
      await scope.register(requireCounterAgent(counter.tokens));
      documentSecurity(scope, [{ counterToken: [] }]);
      await scope.register(
        counterRoutes({
          ...counter,
          writer: deps.writer,
          documents: deps.documents,
          accessLog: deps.accessLog,
          policy: consentPolicy(deps.catalog),
          receipts: deps.receipts,
          clock: deps.clock,
          ids: deps.ids,
        }),
      );
    });
};
