// The registry: its wiring (`startRegistry`, also used in process by scripts/start.ts, the
// benchmarks and other services' tests) and its process entry.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadCatalog, type Catalog, type CompatibilityLevel } from '@relais/contracts';
import {
  type Clock,
  connectServiceKafka,
  createHttpApp,
  createServiceMetrics,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  runServiceProcess,
  type ServiceMetrics,
} from '@relais/kit';
import { registryApp } from './app.ts';
import { loadConfig } from './config.ts';
import { registryMetrics } from './adapters/metrics.ts';
import { publishContracts, type PublishReport } from './adapters/publish-contracts.ts';
import { RegistryStore } from './adapters/registry-store.ts';
import { loadWriterTokens } from './auth/credentials.ts';

export { registryApp, type RegistryAppDeps } from './app.ts';
export type { PublishReport } from './adapters/publish-contracts.ts';
export type { Writer, WriteAction } from './domain/write-policy.ts';

export interface RegistryOptions {
  brokers: string[];
  /** The deliveries' replay window told in the AsyncAPI (RELAIS_REPLAY_WINDOW_DAYS, dec-035). */
  replayWindowDays?: number;
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
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
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
  /**
   * Holds `operator.token` (required) and `steward.token`: the credentials that may write. Reads
   * need none.
   */
  keysDir: string;
  clock?: Clock;
}

export interface RunningRegistry {
  app: FastifyInstance;
  store: RegistryStore;
  url: string;
  published: PublishReport | undefined;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

/** Builds, listens, loads the state from Kafka, joins the leader election, publishes contracts. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const { logger } = options;
  const instanceId = options.instanceId ?? randomUUID();
  // Before anything connects: a registry nobody may write to is a configuration error.
  const writers = loadWriterTokens(options.keysDir);
  if (!writers.steward)
    logger.warn('no steward.token in the keys folder: only the operator may change the registry');
  // Its storage and leader topics are created by the store, with their own settings.
  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-registry-${instanceId.slice(0, 8)}`,
    logger,
    topics: [],
  });
  const store = new RegistryStore({
    kafka,
    producer,
    logger,
    topic: options.topic,
    leaderGroup: options.leaderGroup,
    instanceId,
    advertisedUrl: options.advertisedUrl ?? '',
    leaderEligible: options.leaderEligible,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.replicationFactor !== undefined
      ? { replicationFactor: options.replicationFactor }
      : {}),
  });
  const catalog = options.catalog ?? loadCatalog().catalog;
  const metrics = options.metrics ?? createServiceMetrics('registry');
  const counters = registryMetrics(metrics, store.state);
  let loaded = false;
  let url = options.advertisedUrl ?? '';
  const app = await createHttpApp({
    logger,
    service: 'registry',
    description:
      'Confluent Schema Registry API, the contract catalog and AsyncAPI documents of Relais.',
    metrics,
    securitySchemes: {
      writerToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          "The operator's token (operator.token) or the contract stewards' (steward.token).",
      },
      writerBasic: {
        type: 'http',
        scheme: 'basic',
        description:
          'HTTP Basic as Confluent clients send it: operator:<operator token> or steward:<steward token>.',
      },
    },
    readiness: {
      store: () => {
        if (!loaded) throw new Error('registry state not loaded from Kafka yet');
      },
    },
  });
  await app.register(registryApp, {
    store,
    catalog,
    logger,
    defaultLevel: options.defaultLevel,
    registryUrl: () => url,
    kafkaBootstrap: options.brokers.join(','),
    ...(options.replayWindowDays !== undefined
      ? { replayWindowDays: options.replayWindowDays }
      : {}),
    counters,
    writers,
  });
  const address = await app.listen({ host: options.host, port: options.port });
  url = options.advertisedUrl ?? address;
  store.setAdvertisedUrl(url);
  await store.start();
  loaded = true;

  // Ready to take writes once a leader is known: this instance or another one.
  await store.leaderKnown();
  let published: PublishReport | undefined;
  // The leader publishes the catalog; the others leave it to the leader.
  if (options.publishContracts && store.isLeader)
    published = await publishContracts(store, catalog, logger);
  return {
    app,
    store,
    url,
    published,
    metrics,
    async close() {
      await app.close();
      await store.stop();
      await producer.disconnect();
    },
  };
}

// The process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('registry', loadConfig, (config, logger, metrics) =>
    startRegistry({
      metrics,
      brokers: config.KAFKA_BROKERS,
      replayWindowDays: config.RELAIS_REPLAY_WINDOW_DAYS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      topic: config.REGISTRY_TOPIC,
      leaderGroup: config.REGISTRY_LEADER_GROUP,
      leaderEligible: config.REGISTRY_LEADER_ELIGIBLE,
      defaultLevel: config.REGISTRY_DEFAULT_COMPATIBILITY,
      publishContracts: config.REGISTRY_PUBLISH_CONTRACTS,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      advertisedUrl: config.REGISTRY_ADVERTISED_URL,
      replicationFactor: config.REGISTRY_REPLICATION_FACTOR,
      keysDir: config.REGISTRY_KEYS_DIR,
    }),
  );
}
