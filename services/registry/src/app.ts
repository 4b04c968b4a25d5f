// The registry as a fastify plugin that never listens, and the factory wiring it to Kafka.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { loadCatalog, type Catalog, type CompatibilityLevel } from '@relais/contracts';
import { createHttpApp, createKafka, createProducer, type Logger } from '@relais/kit';
import { publishContracts, type PublishReport } from './publish.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { compatibilityRoutes } from './routes/compatibility.ts';
import { speakConfluent } from './routes/confluent-plugin.ts';
import { configRoutes } from './routes/config.ts';
import { schemaRoutes } from './routes/schemas.ts';
import { subjectRoutes } from './routes/subjects.ts';
import { RegistryStore } from './store/registry-store.ts';

export interface RegistryPluginDeps {
  store: RegistryStore;
  catalog: Catalog;
  logger: Logger;
  defaultLevel: CompatibilityLevel;
  registryUrl: () => string;
  kafkaBootstrap: string;
}

export function registryPlugin(deps: RegistryPluginDeps): FastifyPluginAsync {
  return async (app) => {
    // The Confluent API lives in its own scope: its media type, its error shape.
    await app.register(async (confluent) => {
      speakConfluent(confluent, deps.logger);
      await confluent.register(subjectRoutes(deps.store, deps.defaultLevel));
      await confluent.register(schemaRoutes(deps.store.state));
      await confluent.register(configRoutes(deps.store, deps.defaultLevel));
      await confluent.register(compatibilityRoutes(deps.store.state, deps.defaultLevel));
    });
    // The integration guide the contract pages link to: the SDK's README, as Markdown.
    app.get(
      '/guide',
      { schema: { tags: ['catalog'], summary: 'The integration guide (Markdown)' } },
      async (_req, reply) => {
        const guide = path.resolve(
          path.dirname(fileURLToPath(import.meta.url)),
          '..',
          '..',
          '..',
          'packages',
          'sdk',
          'README.md',
        );
        if (!existsSync(guide))
          return reply
            .status(404)
            .send({ error: 'notFound', message: 'integration guide not shipped with this build' });
        return reply.type('text/markdown; charset=utf-8').send(readFileSync(guide, 'utf8'));
      },
    );
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
      }),
    );
  };
}

export interface RegistryOptions {
  brokers: string[];
  logger: Logger;
  topic: string;
  leaderGroup: string;
  leaderEligible: boolean;
  defaultLevel: CompatibilityLevel;
  publishContracts: boolean;
  host: string;
  port: number;
  advertisedUrl?: string | undefined;
  replicationFactor?: number;
  catalog?: Catalog;
  instanceId?: string;
}

export interface RunningRegistry {
  app: FastifyInstance;
  store: RegistryStore;
  url: string;
  published: PublishReport | undefined;
  close(): Promise<void>;
}

/** Builds, listens, loads the state from Kafka, joins the leader election, publishes contracts. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const { logger } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: `relais-registry-${instanceId.slice(0, 8)}`,
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const store = new RegistryStore({
    kafka,
    producer,
    logger,
    topic: options.topic,
    leaderGroup: options.leaderGroup,
    instanceId,
    advertisedUrl: options.advertisedUrl ?? '',
    leaderEligible: options.leaderEligible,
    ...(options.replicationFactor !== undefined
      ? { replicationFactor: options.replicationFactor }
      : {}),
  });
  const catalog = options.catalog ?? loadCatalog().catalog;
  let loaded = false;
  let url = options.advertisedUrl ?? '';
  const app = await createHttpApp({
    logger,
    service: 'registry',
    description:
      'Confluent Schema Registry API, the contract catalog and AsyncAPI documents of Relais.',
    readiness: {
      store: () => {
        if (!loaded) throw new Error('registry state not loaded from Kafka yet');
      },
    },
  });
  await app.register(
    registryPlugin({
      store,
      catalog,
      logger,
      defaultLevel: options.defaultLevel,
      registryUrl: () => url,
      kafkaBootstrap: options.brokers.join(','),
    }),
  );
  const address = await app.listen({ host: options.host, port: options.port });
  url = options.advertisedUrl ?? address;
  store.setAdvertisedUrl(url);
  await store.start();
  loaded = true;

  // Ready to take writes once a leader is known: this instance or another one.
  const deadline = Date.now() + 30_000;
  while (!store.isLeader && !(store.electionSettled && store.leaderUrl) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  let published: PublishReport | undefined;
  // The leader publishes the catalog; the others leave it to the leader.
  if (options.publishContracts && store.isLeader)
    published = await publishContracts(store, catalog, logger);
  return {
    app,
    store,
    url,
    published,
    async close() {
      await app.close();
      await store.stop();
      await producer.disconnect();
    },
  };
}
