// The router: every canonical event, for every subscription of its contract — legal basis,
// consent at the event's position, minimisation, the recipient's pseudonym — to the recipient's
// deliveries topic, with one chained access record each. Denials are counted, never silent.
// This file wires the adapters, the routing consumer (consumers/route-events.ts) and the HTTP
// plugin (app.ts), and is the process entry.
import path from 'node:path';
import { loadCatalog, topics, type Catalog } from '@relais/contracts';
import { pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  type Clock,
  connectServiceKafka,
  createConsumerRunner,
  createHttpApp,
  createServiceMetrics,
  currentTraceId,
  DEFAULT_PARTITIONS,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  readSecret,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { AccessLogWriter } from './adapters/access-log-writer.ts';
import { fileArchive } from './adapters/archive.ts';
import { checkpointSigner } from './adapters/checkpoint-key.ts';
import { accessLogCheckpointer } from './adapters/checkpointer.ts';
import { ConsentVersions } from './adapters/consent-versions.ts';
import { effectsStore, openRouterDatabase, pruneEffectsPeriodically } from './adapters/effects.ts';
import { registerRouterMetrics } from './adapters/metrics.ts';
import { registerProjections } from './adapters/projections.ts';
import { routerApp } from './app.ts';
import { loadConfig } from './config.ts';
import {
  decodeEvent,
  positioned,
  routeEvents,
  type RoutableEvent,
  type RouteEventsDeps,
} from './consumers/route-events.ts';
import { ROUTING_DECIDED } from './domain/decisions.ts';
import { routingTable } from './domain/routing-table.ts';
import { emptyStats, type RouterStats } from './domain/stats.ts';

export type { RouterStats } from './domain/stats.ts';
export type { DenialCode } from './domain/route.ts';

export interface RouterOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  /** Holds pseudonym.key, steward.token and the checkpoint key (created there when missing). */
  keysDir: string;
  dataDir: string;
  /** The access log's archive (dec-036): local files here; default `<dataDir>/archive`. */
  archiveDir?: string;
  /** How often the access log is checkpointed: every N records (1000) or every ms (60 s). */
  checkpoints?: { everyRecords?: number; everyMs?: number };
  /** relais.access-log.checkpoints (tests isolate it). */
  checkpointsTopic?: string;
  instance: string;
  host: string;
  port: number;
  catalog?: Catalog;
  clock?: Clock;
  groupPrefix?: string;
  consentsTopic?: string;
  accessLogTopic?: string;
  /** Where the decision per subscription of each event goes (relais.routing-decisions). */
  routingDecisionsTopic?: string;
  /**
   * Appended to the events' and the deliveries' topic names (`relais.events.residence<suffix>`):
   * a benchmark or a test run that must not share them with another (default: none).
   */
  topicSuffix?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** The deliveries' replay window in days (RELAIS_REPLAY_WINDOW_DAYS, dec-035). */
  replayWindowDays?: number;
  /** A new consumer group starts from the beginning of the events (default) or from now (tests). */
  fromBeginning?: boolean;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
  /**
   * Whether this router archives the access log and signs its checkpoints (default true). Each
   * archivist reads every partition into its own archive: replicas that only route say false.
   */
  archivist?: boolean;
  /**
   * How far before a taken-over partition's committed position the access log is read back for
   * the effects another router left (dec-048): the brokers' clocks may differ (default 30 s).
   */
  takeOverMarginMs?: number;
  /**
   * For tests: awaited once a batch's deliveries and access records are acknowledged, before its
   * offsets are committed — the window in which a router killed leaves work to the next owner.
   */
  afterRouted?: (events: readonly RoutableEvent[]) => Promise<void>;
}

export interface RunningRouter {
  app: FastifyInstance;
  url: string;
  stats: RouterStats;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const prefix = options.groupPrefix ?? 'relais-router';
  const table = routingTable(catalog);
  const pseudonymKey = pseudonymKeyIn(options.keysDir);

  // The router registers each subscription's projection schema: a contract steward's write, with
  // the stewards' token from the keys folder (the registry refuses anonymous writes).
  const serde = new AvroSerde(options.registryUrl, {
    auth: { username: 'steward', password: readSecret(options.keysDir, 'steward.token') },
  });
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const suffix = options.topicSuffix ?? '';
  const eventsTopics = domains.map((d) => `${topics.events.name(d)}${suffix}`);
  const deliveriesTopic = (agency: string): string => `${topics.deliveries.name(agency)}${suffix}`;
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const accessLogTopic = options.accessLogTopic ?? topics.accessLog.name;
  const decisionsTopic = options.routingDecisionsTopic ?? topics.routingDecisions.name;
  const checkpointsTopic = options.checkpointsTopic ?? topics.accessLogCheckpoints.name;
  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-router-${options.instance}`,
    logger,
    topics: [
      ...eventsTopics.map((t) => topics.events.spec(t, partitions)),
      topics.consents.spec(consentsTopic, partitions),
      topics.accessLog.spec(accessLogTopic, partitions),
      topics.accessLogCheckpoints.spec(checkpointsTopic),
      topics.routingDecisions.spec(decisionsTopic, partitions),
      ...catalog.agencies.map((a) =>
        topics.deliveries.spec(deliveriesTopic(a.id), partitions, {
          replayWindowDays: options.replayWindowDays,
        }),
      ),
    ],
    // An event is judged by the consent state of the same partition number, and its access
    // record chained in that partition: all three are keyed by pivot and must agree (guarantee 3).
    coPartitioned: { topics: [...eventsTopics, consentsTopic, accessLogTopic], partitions },
    // Consent is judged at each event's append time: never at a time a producer chose (dec-030).
    brokerTime: [...eventsTopics, consentsTopic],
  });

  const projectionIds = await registerProjections(serde, catalog);
  const db = openRouterDatabase(options.dataDir);
  const effects = effectsStore(db);
  const consents = new ConsentVersions({
    kafka,
    logger,
    dataDir: path.join(options.dataDir, 'consents'),
    instance: `${prefix}.${options.instance}`,
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
  });
  const accessLog = new AccessLogWriter({
    kafka,
    producer,
    serde,
    db,
    logger,
    ...(options.accessLogTopic ? { topic: options.accessLogTopic } : {}),
    partitions,
  });
  // One archivist per deployment is enough (each archives every partition): the others route only.
  const checkpointer =
    (options.archivist ?? true)
      ? accessLogCheckpointer({
          kafka,
          producer,
          serde,
          logger,
          clock,
          archive: fileArchive(options.archiveDir ?? path.join(options.dataDir, 'archive')),
          signer: await checkpointSigner(options.keysDir),
          topic: accessLogTopic,
          checkpointsTopic,
          group: `${prefix}.checkpoints.${options.instance}`,
          ...options.checkpoints,
        })
      : undefined;
  const stats = emptyStats();
  const metrics = options.metrics ?? createServiceMetrics('router');
  registerRouterMetrics(metrics, stats);
  const deps: RouteEventsDeps = {
    table,
    consents,
    serde,
    producer,
    accessLog,
    effects,
    projectionIds,
    pseudonymKey,
    stats,
    logger,
    clock,
    traceId: () => currentTraceId() ?? null,
    decisions: { topic: decisionsTopic, schemaId: await serde.latestId(ROUTING_DECIDED) },
    deliveriesTopic,
  };

  const routed = async (events: RoutableEvent[], owned: () => boolean): Promise<void> => {
    await routeEvents({ events, deps, owned });
    await options.afterRouted?.(events);
  };
  const margin = options.takeOverMarginMs ?? 30_000;
  const runner = createConsumerRunner<Omit<RoutableEvent, 'partition' | 'appendedAt'>>({
    kafka,
    groupId: `${prefix}.events`,
    topics: eventsTopics,
    deadLetterTopic: topics.deadLetters.name('router'),
    producer,
    logger,
    commitEvery: 20,
    partitionsConsumedConcurrently: 3,
    // Partition P of every events topic to one router: it alone appends to P's chain (dec-048).
    assignByPartitionNumber: true,
    metrics,
    fromBeginning: options.fromBeginning ?? true,
    // A router that dies is replaced within seconds, not the default half minute.
    sessionTimeoutMs: 10_000,
    decode: (record) => decodeEvent(record, { table, serde }),
    handle: (event, { record, owned }) => routed([positioned(event, record)], owned),
    handleBatch: (items, _log, { owned }) =>
      routed(
        items.map((i) => positioned(i.value, i.record)),
        owned,
      ),
    // Given a partition (at start, or another router gone): the access log's chain goes on from
    // its last record, and what was recorded since the group's position there (minus a margin)
    // counts as done, so the events another router routed but did not commit are not routed
    // twice (dec-048). The events' log time bounds it: an event is recorded after it is appended.
    onPartitionAssigned: async (topic, partition, first) => {
      const done = await accessLog.takeOver(partition, Number(first.timestamp) - margin);
      effects.mark(done, clock.now());
      logger.info({ topic, partition, effects: done.length }, 'partition taken over');
    },
  });

  runner.consumer.on(runner.consumer.events.GROUP_JOIN, ({ payload }) =>
    accessLog.assigned(Object.values(payload.memberAssignment).flat()),
  );

  const app = await createHttpApp({
    logger,
    service: 'router',
    description: 'Tell-us-once fan-out. Counters at /metrics and /metrics/prometheus.',
    metrics,
  });
  await app.register(routerApp, { stats });
  const url = await app.listen({ host: options.host, port: options.port });
  await consents.start();
  await accessLog.start();
  await checkpointer?.start();
  await runner.start();
  const stopPruning = pruneEffectsPeriodically(effects, clock);
  logger.info({ url }, 'router started');
  return {
    app,
    url,
    stats,
    metrics,
    async close() {
      stopPruning();
      await app.close();
      await runner.stop();
      await accessLog.stop();
      await checkpointer?.stop();
      await consents.stop();
      await producer.disconnect();
      db.close();
    },
  };
}

// The router process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('router', loadConfig, (config, logger, metrics) =>
    startRouter({
      metrics,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      keysDir: config.ROUTER_KEYS_DIR,
      dataDir: config.ROUTER_DATA_DIR,
      archiveDir: config.ROUTER_ARCHIVE_DIR,
      archivist: config.ROUTER_ARCHIVIST === 'on',
      checkpoints: {
        everyRecords: config.ROUTER_CHECKPOINT_EVERY_RECORDS,
        everyMs: config.ROUTER_CHECKPOINT_EVERY_MS,
      },
      instance: config.ROUTER_INSTANCE,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      partitions: config.RELAIS_PARTITIONS,
      replayWindowDays: config.RELAIS_REPLAY_WINDOW_DAYS,
    }),
  );
}
