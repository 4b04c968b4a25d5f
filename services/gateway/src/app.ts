// The gateway: wiring of its parts; `startGateway` builds, listens and starts the consumers.
import path from 'node:path';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { loadCatalog, topics, type Catalog } from '@relais/contracts';
import { PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  checkCoPartitioned,
  createHttpApp,
  createKafka,
  createProducer,
  DEFAULT_PARTITIONS,
  ensureTopics,
  operatorAuth,
  systemClock,
  uuidGenerator,
  type Clock,
  type Logger,
} from '@relais/kit';
import { loadAgencyPublicKeys, readSecret } from './auth/keys.ts';
import { requireAgency } from './auth/plugin.ts';
import { tokenService } from './auth/tokens.ts';
import type { AgencyPrincipal } from './auth/types.ts';
import { inboxConsumer, deliveriesTopic } from './inbox/consumer.ts';
import { inboxSignals, inboxStore } from './inbox/store.ts';
import { ingressConsumer, ingressTopic, rejectsTopic } from './ingress/native.ts';
import { createPublisher, eventsTopic } from './publisher.ts';
import { eventRoutes } from './routes/events.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { tokenBucket } from './routes/limits.ts';
import { rejectRoutes } from './routes/rejects.ts';
import { tokenRoutes } from './routes/token.ts';
import { idempotencyStore } from './store/idempotency.ts';
import { jtiMemory, openGatewayDb } from './store/local-db.ts';
import {
  WebhookDispatcher,
  WebhookStore,
  webhookOperatorRoutes,
  webhookRoutes,
} from './webhooks/index.ts';

export interface GatewayOptions {
  brokers: string[];
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  instance: string;
  host: string;
  port: number;
  publicUrl?: string | undefined;
  catalog?: Catalog;
  clock?: Clock;
  ratePerSecond?: number;
  rateBurst?: number;
  maxBodyBytes?: number;
  maxBatch?: number;
  webhooks?: {
    schedule?: number[];
    tlsCa?: string;
    allowInsecureLocalhost?: boolean;
    timeoutMs?: number;
    pollIntervalMs?: number;
  };
  /** Topic of the pseudonym directory (tests isolate it). */
  pseudonymTopic?: string;
  /** Consumer group names' prefix (tests isolate them). */
  groupPrefix?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
}

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  directory: PseudonymDirectory;
  agencies: Map<string, AgencyPrincipal>;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const agencies = new Map<string, AgencyPrincipal>(
    catalog.agencies.map((a) => [a.id, { id: a.id, sector: a.sector, urn: a.urn }]),
  );
  const prefix = options.groupPrefix ?? 'relais-gateway';

  const kafka = createKafka({
    brokers: options.brokers,
    clientId: `relais-gateway-${options.instance}`,
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  await ensureTopics(admin, [
    // LogAppendTime: the broker's clock orders a citizen's events and consent changes (router).
    ...domains.map((d) => topics.events.spec(eventsTopic(d), partitions)),
    ...[...agencies.keys()].flatMap((a) => [
      topics.ingress.spec(ingressTopic(a), partitions),
      topics.rejects.spec(rejectsTopic(a)),
      topics.deliveries.spec(deliveriesTopic(a), partitions),
    ]),
  ]);
  // The events it writes, keyed by pivot, are co-partitioned with relais.consents (guarantee 3).
  await checkCoPartitioned(admin, domains.map(eventsTopic), partitions);
  await admin.disconnect();

  const db = openGatewayDb(options.dataDir);
  const now = (): number => clock.now().getTime();
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
  const tokens = tokenService({
    agencies,
    publicKeys: await loadAgencyPublicKeys(options.keysDir),
    secret: Buffer.from(readSecret(options.keysDir, 'gateway-token.secret'), 'base64url'),
    get audiences() {
      return ['relais-gateway', `${url}/v1/oauth/token`];
    },
    rememberJti: jtiMemory(db, now),
    now: () => clock.now(),
  });

  const webhookStore = new WebhookStore(db, { clock });
  const dispatcher = new WebhookDispatcher({
    db,
    clock,
    logger,
    ...(options.webhooks?.schedule ? { schedule: options.webhooks.schedule } : {}),
    ...(options.webhooks?.tlsCa ? { tlsCa: options.webhooks.tlsCa } : {}),
    ...(options.webhooks?.timeoutMs ? { timeoutMs: options.webhooks.timeoutMs } : {}),
    ...(options.webhooks?.pollIntervalMs
      ? { pollIntervalMs: options.webhooks.pollIntervalMs }
      : {}),
    allowInsecureLocalhost: options.webhooks?.allowInsecureLocalhost ?? false,
  });
  const inbox = inboxStore(db, now);
  const signals = inboxSignals();
  const deliveries = inboxConsumer({
    kafka,
    producer,
    logger,
    serde,
    inbox,
    agencies: [...agencies.keys()],
    groupId: `${prefix}.inbox`,
    onDelivered: (agency, event) => {
      signals.notify(agency);
      if (webhookStore.enqueue(agency, event.id, JSON.stringify(event))?.created)
        dispatcher.notify(agency);
    },
  });
  const ingress = ingressConsumer({
    kafka,
    producer,
    logger,
    serde,
    publisher,
    agencies,
    db,
    groupId: `${prefix}.ingress`,
    now,
  });

  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'gateway',
    description:
      'The agency edge of Relais: publish events you own (HTTP or native Kafka), read your deliveries (inbox or signed webhooks). Authenticate with POST /v1/oauth/token (private_key_jwt).',
    bodyLimitBytes: options.maxBodyBytes ?? 256 * 1024,
    readiness: {
      started: () => {
        if (!ready) throw new Error('pseudonym directory or consumers not started yet');
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(tokenRoutes(tokens));
  const limiter = tokenBucket(options.ratePerSecond ?? 200, options.rateBurst ?? 400);
  await app.register(async (scope) => {
    await scope.register(requireAgency(tokens));
    await scope.register(
      eventRoutes({
        publisher,
        idempotency: idempotencyStore(db, now),
        limiter,
        maxBatch: options.maxBatch ?? 500,
      }),
    );
    await scope.register(inboxRoutes(inbox, signals));
    await scope.register(rejectRoutes(db));
    await scope.register(
      webhookRoutes({
        store: webhookStore,
        dispatcher,
        allowInsecureLocalhost: options.webhooks?.allowInsecureLocalhost ?? false,
      }),
    );
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', operatorAuth(readSecret(options.keysDir, 'operator.token')));
    await scope.register(webhookOperatorRoutes({ store: webhookStore, dispatcher }));
  });

  const address = await app.listen({ host: options.host, port: options.port });
  url = options.publicUrl ?? address;
  await directory.start();
  await ingress.start();
  await deliveries.start();
  dispatcher.start();
  ready = true;
  logger.info({ url }, 'gateway ready');

  return {
    app,
    url,
    directory,
    agencies,
    async close() {
      await app.close();
      await dispatcher.stop();
      await ingress.stop();
      await deliveries.stop();
      await directory.stop();
      await producer.disconnect();
      db.close();
    },
  };
}
