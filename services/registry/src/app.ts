// The registry's HTTP surface, a fastify plugin that never listens: the Confluent Schema Registry
// API in its own scope (its media type, its error shape, its forwarding), the integration guide
// and the catalog. src/index.ts registers it on the kit's app and listens.
// Route schemas carry OpenAPI `tags`, `summary` and `hide` (types from @fastify/swagger).
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Catalog, CompatibilityLevel } from '@relais/contracts';
import type { Logger } from '@relais/kit';
import { catalogRoutes } from './routes/catalog.ts';
import { compatibilityRoutes } from './routes/compatibility.ts';
import { speakConfluent } from './routes/confluent-plugin.ts';
import { configRoutes } from './routes/config.ts';
import { guideRoutes } from './routes/guide.ts';
import { schemaRoutes } from './routes/schemas.ts';
import { subjectRoutes } from './routes/subjects.ts';
import type { RegistryCounters } from './adapters/metrics.ts';
import { guardWrites } from './routes/write-access.ts';
import type { WriterTokens } from './auth/credentials.ts';
import type { RegistryStore } from './adapters/registry-store.ts';

export interface RegistryAppDeps {
  store: RegistryStore;
  catalog: Catalog;
  logger: Logger;
  defaultLevel: CompatibilityLevel;
  /** Where this instance is reached (known once it listens). */
  registryUrl: () => string;
  kafkaBootstrap: string;
  /** The deliveries' replay window in days (the AsyncAPI tells agencies). */
  replayWindowDays?: number;
  /** Registrations and compatibility failures (adapters/metrics.ts). */
  counters: RegistryCounters;
  /** Who may write: the operator's and the stewards' tokens (reads are open). */
  writers: WriterTokens;
}

export async function registryApp(app: FastifyInstance, deps: RegistryAppDeps): Promise<void> {
  await app.register(async (confluent) => {
    speakConfluent(confluent, deps.logger);
    guardWrites(confluent, deps.writers, deps.logger);
    await confluent.register(subjectRoutes(deps.store, deps.defaultLevel, deps.counters));
    await confluent.register(schemaRoutes(deps.store.state));
    await confluent.register(configRoutes(deps.store, deps.defaultLevel));
    await confluent.register(
      compatibilityRoutes(deps.store.state, deps.defaultLevel, deps.counters),
    );
  });
  await app.register(guideRoutes);
  await app.register(
    catalogRoutes({
      catalog: deps.catalog,
      registered: (fullName) => {
        const latest = deps.store.state.versionsOf(fullName).at(-1);
        return latest ? { id: latest.id, version: latest.version } : undefined;
      },
      get registryUrl() {
        return deps.registryUrl();
      },
      kafkaBootstrap: deps.kafkaBootstrap,
      ...(deps.replayWindowDays !== undefined ? { replayWindowDays: deps.replayWindowDays } : {}),
    }),
  );
}
