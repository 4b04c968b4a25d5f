// The gateway: its wiring (`startGateway`, also used in process by scripts/start.ts, the
// benchmarks and other services' tests) and its process entry.
import path from 'node:path';
import { asAgencyId, loadCatalog, topics, type AgencyId } from '@relais/contracts';
import { PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  checkDevelopmentShortcuts,
  connectServiceKafka,
  createHttpApp,
  createServiceMetrics,
  operatorTokenScheme,
  DEFAULT_PARTITIONS,
  kafkaAuthOf,
  runServiceProcess,
  systemClock,
  uuidGenerator,
  type ReplicatedTableWiring,
} from '@relais/kit';
import { assertionIds } from './adapters/assertion-ids.ts';
import { openGatewayDb } from './adapters/db.ts';
import { idempotencyLog } from './adapters/idempotency-log.ts';
import { longPolls } from './adapters/inbox.ts';
import { inboxDataDir, inboxReplica } from './adapters/inbox-replica.ts';
import { gatewayMetrics } from './adapters/metrics.ts';
import { createPublisher, eventsTopic } from './adapters/publisher.ts';
import { rejectReplica } from './adapters/rejects.ts';
import { gatewayApp } from './app.ts';
import { loadAgencyPublicKeys, readSecret } from './auth/keys.ts';
import { tokenService } from './auth/tokens.ts';
import { loadConfig } from './config.ts';
import { deliveriesConsumer, deliveriesTopic } from './consumers/deliveries.ts';
import { ingressConsumer, ingressTopic, rejectsTopic } from './consumers/ingress.ts';
import type { AgencyPrincipal } from './domain/agency.ts';
import { tokenBucket } from './routes/limits.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { webhookEndpointReplica } from './webhooks/endpoints.ts';
import { webhookDeliveriesLog } from './webhooks/deliveries-log.ts';
import { emptyGatewayStats } from './domain/stats.ts';
import type { GatewayOptions, RunningGateway } from './options.ts';

export { gatewayApp, type GatewayAppDeps } from './app.ts';
export type { AgencyPrincipal } from './domain/agency.ts';
export type { GatewayOptions, RunningGateway } from './options.ts';

/** Builds the adapters, registers gatewayApp, listens, then starts the directory and consumers. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  // Before anything connects: refused under production, loud otherwise (issue 13).
  const shortcuts = checkDevelopmentShortcuts(
    options.profile ?? 'development',
    [
      {
        setting: 'GATEWAY_WEBHOOK_INSECURE_LOCALHOST',
        on: options.webhooks?.allowInsecureLocalhost ?? false,
        what: 'webhooks to plain-http localhost endpoints',
      },
    ],
    logger,
  );
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const agencies = new Map<AgencyId, AgencyPrincipal>(
    catalog.agencies.map((a) => [
      asAgencyId(a.id),
      { id: asAgencyId(a.id), sector: a.sector, urn: a.urn },
    ]),
  );
  const prefix = options.groupPrefix ?? 'relais-gateway';

  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-gateway-${options.instance}`,
    logger,
    topics: [
      // LogAppendTime: the broker's clock orders a citizen's events and consent changes (router).
      ...domains.map((d) => topics.events.spec(eventsTopic(d), partitions)),
      ...[...agencies.keys()].flatMap((a) => [
        topics.ingress.spec(ingressTopic(a), partitions),
        topics.rejects.spec(rejectsTopic(a)),
        topics.deliveries.spec(deliveriesTopic(a), partitions, {
          replayWindowDays: options.replayWindowDays,
        }),
      ]),
    ],
    // The events it writes, keyed by pivot, are co-partitioned with relais.consents (guarantee 3).
    coPartitioned: { topics: domains.map(eventsTopic), partitions },
  });

  const db = openGatewayDb(options.dataDir);
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key: pseudonymKeyIn(options.keysDir),
    dataDir: path.join(options.dataDir, 'pseudonyms'),
    instance: `${prefix}.${options.instance}`,
    ...(options.pseudonymTopic ? { topic: options.pseudonymTopic } : {}),
    partitions,
  });
  const serde = new AvroSerde(options.registryUrl);
  const publisher = createPublisher({
    catalog,
    serde,
    producer,
    directory,
    clock,
    ids: uuidGenerator,
  });
  let url = options.publicUrl ?? '';
  /** A replicated table's topic, its group `<prefix>.<name>.<instance>` and its folder. */
  const table = (name: string, topic: string, folder: string): ReplicatedTableWiring => ({
    kafka,
    producer,
    logger,
    clock,
    topic,
    group: `${prefix}.${name}.${options.instance}`,
    dataDir: path.join(options.dataDir, folder),
  });
  const idempotency = idempotencyLog({
    ...table(
      'idempotency',
      options.idempotencyTopic ?? topics.gatewayIdempotency.name,
      'idempotency',
    ),
    partitions,
    instance: options.instance,
  });
  const usedAssertions = assertionIds(
    table('assertion-ids', options.assertionIdsTopic ?? topics.gatewayAssertionIds.name, 'auth'),
  );
  const tokens = tokenService({
    agencies,
    publicKeys: await loadAgencyPublicKeys(options.keysDir),
    secret: Buffer.from(readSecret(options.keysDir, 'gateway-token.secret'), 'base64url'),
    get audiences() {
      return ['relais-gateway', `${url}/v1/oauth/token`];
    },
    rememberJti: (jti, expiresAtMs) => usedAssertions.remember(jti, expiresAtMs),
    now: () => clock.now(),
    ...(options.assertionClockSkewSeconds !== undefined
      ? { clockSkewSeconds: options.assertionClockSkewSeconds }
      : {}),
  });

  const allowInsecureLocalhost = options.webhooks?.allowInsecureLocalhost ?? false;
  const deliveriesLog = webhookDeliveriesLog({
    ...table(
      'webhook-deliveries',
      options.webhookDeliveriesTopic ?? topics.gatewayWebhookDeliveries.name,
      'webhooks',
    ),
    partitions,
    replayWindowDays: options.replayWindowDays,
    wake: (agency) => dispatcher.notify(agency),
  });
  const dispatcher = new WebhookDispatcher({
    db,
    replication: { changed: deliveriesLog.changed, owned: deliveriesLog.owned },
    clock,
    logger,
    ...(options.webhooks?.schedule ? { schedule: options.webhooks.schedule } : {}),
    ...(options.webhooks?.tlsCa ? { tlsCa: options.webhooks.tlsCa } : {}),
    ...(options.webhooks?.timeoutMs ? { timeoutMs: options.webhooks.timeoutMs } : {}),
    ...(options.webhooks?.pollIntervalMs
      ? { pollIntervalMs: options.webhooks.pollIntervalMs }
      : {}),
    allowInsecureLocalhost,
  });
  const endpoints = webhookEndpointReplica({
    ...table(
      'webhook-endpoints',
      options.webhookEndpointsTopic ?? topics.gatewayWebhookEndpoints.name,
      'webhooks',
    ),
    store: dispatcher.store,
    changed: (agency) => dispatcher.notify(agency),
  });
  const metrics = options.metrics ?? createServiceMetrics('gateway');
  const counters = gatewayMetrics(metrics, dispatcher.stats);
  const stats = emptyGatewayStats();
  const polls = longPolls();
  const inbox = inboxReplica({
    kafka,
    producer,
    logger,
    serde,
    clock,
    agencies: [...agencies.keys()],
    dataDir: inboxDataDir(options.dataDir),
    group: `${prefix}.inbox-replica.${options.instance}`,
    acksTopic: options.inboxAcksTopic ?? topics.gatewayInboxAcks.name,
    retentionMs: topics.deliveries.retentionMs({ replayWindowDays: options.replayWindowDays }),
    stats,
    longPolls: polls,
  });
  const rejects = rejectReplica({
    kafka,
    logger,
    agencies: [...agencies.keys()],
    group: `${prefix}.rejects.${options.instance}`,
    dataDir: options.dataDir,
  });
  const deliveries = deliveriesConsumer({
    kafka,
    producer,
    logger,
    serde,
    agencies: [...agencies.keys()],
    groupId: `${prefix}.inbox`,
    onPartitionAssigned: (topic, partition) => deliveriesLog.assigned(topic, partition),
    metrics,
    webhooks: dispatcher,
    stats,
  });
  const ingress = ingressConsumer({
    kafka,
    producer,
    logger,
    serde,
    publisher,
    agencies,
    groupId: `${prefix}.ingress`,
    counters,
    metrics,
  });

  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'gateway',
    description:
      'The agency edge of Relais: publish events you own (HTTP or native Kafka), read your deliveries (inbox or signed webhooks). Authenticate with POST /v1/oauth/token (private_key_jwt).',
    bodyLimitBytes: options.maxBodyBytes ?? 256 * 1024,
    metrics,
    // Event ids (operators' flow lookups) are up to 128 characters.
    maxParamLength: 128,
    developmentShortcuts: shortcuts,
    securitySchemes: {
      agencyToken: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          "An agency's access token: POST /v1/oauth/token with a private_key_jwt client assertion (RFC 7523).",
      },
      operatorToken: operatorTokenScheme,
    },
    readiness: {
      started: () => {
        if (!ready) throw new Error('pseudonym directory or consumers not started yet');
      },
    },
  });
  await app.register(gatewayApp, {
    tokens,
    operatorToken: readSecret(options.keysDir, 'operator.token'),
    publisher,
    idempotency,
    limiter: tokenBucket(options.ratePerSecond ?? 200, options.rateBurst ?? 400),
    maxBatch: options.maxBatch ?? 500,
    inbox: inbox.view,
    ack: inbox.ack,
    fresh: inbox.fresh,
    longPolls: polls,
    rejects,
    webhooks: dispatcher.store,
    dispatcher,
    endpoints,
    allowInsecureLocalhost,
    counters,
    stats,
    logger,
  });

  const address = await app.listen({ host: options.host, port: options.port });
  url = options.publicUrl ?? address;
  await directory.start();
  await ingress.start();
  // Ready once this instance's inbox holds what the topics held at start.
  await usedAssertions.start();
  await idempotency.start();
  await Promise.all([inbox.start(), rejects.start()]);
  // The owner of a delivery's partition queues its webhook: it must know every endpoint.
  await endpoints.start();
  deliveriesLog.attach(dispatcher.store);
  await deliveriesLog.start();
  deliveriesLog.follow(deliveries.consumer);
  await deliveries.start();
  dispatcher.start();
  ready = true;
  logger.info({ url }, 'gateway ready');
  let closed = false;

  /** The replicas and stores, then the producer and the file: last, whichever way it stops. */
  const stopState = async (): Promise<void> => {
    await endpoints.stop();
    await inbox.stop();
    await rejects.stop();
    await usedAssertions.stop();
    await idempotency.stop();
    await directory.stop();
    await producer.disconnect();
    db.close();
  };
  return {
    app,
    url,
    directory,
    agencies,
    longPolls: (agency) => polls.waiting(agency),
    inboxApplied: (agency, partition, offset) => inbox.applied(agency, partition, offset),
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await dispatcher.stop();
      await ingress.stop();
      await deliveries.stop();
      await deliveriesLog.stop();
      await stopState();
    },
    async crash() {
      if (closed) return;
      closed = true;
      await Promise.all([deliveries.consumer.disconnect(), ingress.consumer.disconnect()]);
      // Dead: nothing more reaches Kafka (what it was sending stays pending on the changelog).
      await deliveriesLog.stop();
      await app.close();
      await dispatcher.stop();
      await stopState();
    },
  };
}

// The process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('gateway', loadConfig, (config, logger, metrics) =>
    startGateway({
      metrics,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      keysDir: config.GATEWAY_KEYS_DIR,
      dataDir: config.GATEWAY_DATA_DIR,
      instance: config.GATEWAY_INSTANCE,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      publicUrl: config.GATEWAY_PUBLIC_URL,
      ratePerSecond: config.GATEWAY_RATE_PER_SECOND,
      rateBurst: config.GATEWAY_RATE_BURST,
      maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
      maxBatch: config.GATEWAY_MAX_BATCH,
      assertionClockSkewSeconds: config.GATEWAY_ASSERTION_CLOCK_SKEW_SECONDS,
      profile: config.RELAIS_PROFILE,
      pseudonymTopic: config.GATEWAY_PSEUDONYM_TOPIC,
      partitions: config.RELAIS_PARTITIONS,
      replayWindowDays: config.RELAIS_REPLAY_WINDOW_DAYS,
      webhooks: { allowInsecureLocalhost: config.GATEWAY_WEBHOOK_INSECURE_LOCALHOST },
    }),
  );
}
