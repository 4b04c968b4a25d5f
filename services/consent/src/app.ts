// The consent service: wiring of its parts; `startConsent` builds, listens and starts the
// consumers. Citizens grant, list and revoke their consents (whole documents on relais.consents,
// keyed by pivot) and read who received their data (relais.access-log).
import path from 'node:path';
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
  systemClock,
  uuidGenerator,
  type Clock,
  type IdGenerator,
  type Logger,
} from '@relais/kit';
import { citizenTokens } from './auth/citizen-tokens.ts';
import { requireCitizen } from './auth/plugin.ts';
import { consentWriter } from './consent-writer.ts';
import { ACCESS_LOG_TOPIC, accessLogConsumer } from './consumers/access-log.ts';
import { consentsConsumer } from './consumers/consents.ts';
import { consentPolicy } from './domain/consents.ts';
import { receiptSigner } from './receipts/receipts.ts';
import { accessLogRoutes } from './routes/access-log.ts';
import { consentRoutes } from './routes/consents.ts';
import { devTokenRoutes, jwksRoutes } from './routes/public.ts';
import { accessLogStore } from './store/access-log.ts';
import { documentStore } from './store/documents.ts';

export interface ConsentOptions {
  brokers: string[];
  logger: Logger;
  registryUrl: string;
  /** SQLite files: the consent documents, the access log, the pseudonym directory. */
  dataDir: string;
  /** Holds `pseudonym.key` (as the gateway's). */
  keysDir: string;
  /** Registers POST /v1/dev/citizen-token (development only). */
  devTokens: boolean;
  /** HS256 secret of the citizen tokens (≥ 32 bytes). */
  devTokenSecret: string;
  host: string;
  port: number;
  catalog?: Catalog;
  instance: string;
  /** Where the receipt key is kept (created on first start); none: a key for this process only. */
  receiptKeysDir?: string | undefined;
  /** Topics and consumer group names' prefix (tests isolate them). */
  pseudonymTopic?: string | undefined;
  consentsTopic?: string | undefined;
  accessLogTopic?: string | undefined;
  groupPrefix?: string | undefined;
  /**
   * The deployment's partition count (RELAIS_PARTITIONS): consents are co-partitioned with
   * relais.events.<domain> by pivot.
   */
  partitions?: number;
  clock?: Clock;
  ids?: IdGenerator;
  /** How long a write waits for the consumer to apply it (read-your-writes). */
  writeTimeoutMs?: number;
}

export interface RunningConsent {
  app: FastifyInstance;
  url: string;
  directory: PseudonymDirectory;
  close(): Promise<void>;
}

export async function startConsent(options: ConsentOptions): Promise<RunningConsent> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const prefix = options.groupPrefix ?? 'relais-consent';
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const accessLogTopic = options.accessLogTopic ?? ACCESS_LOG_TOPIC;
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;

  const kafka = createKafka({
    brokers: options.brokers,
    clientId: `relais-consent-${options.instance}`,
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [
      topics.consents.spec(consentsTopic, partitions),
      topics.accessLog.spec(accessLogTopic, partitions),
    ]);
    // Co-partitioning by pivot: with another count, the router would judge events by another
    // partition's order.
    await checkCoPartitioned(admin, [consentsTopic, accessLogTopic], partitions);
  } finally {
    await admin.disconnect();
  }

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
  // Each instance reads every partition of both topics (its own groups): any instance answers
  // any citizen.
  const state = consentsConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    topic: consentsTopic,
    group: `${prefix}.consents.${options.instance}`,
  });
  const accessRecords = accessLogConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    serde: new AvroSerde(options.registryUrl),
    topic: accessLogTopic,
    group: `${prefix}.access-log.${options.instance}`,
  });
  const documents = documentStore(() => state.stores());
  const accessLog = accessLogStore(() => accessRecords.stores());
  const writer = consentWriter({
    producer,
    topic: consentsTopic,
    documents,
    state,
    ...(options.writeTimeoutMs !== undefined ? { timeoutMs: options.writeTimeoutMs } : {}),
  });
  const tokens = citizenTokens({
    secret: options.devTokenSecret,
    directory,
    now: () => clock.now(),
  });
  const receipts = await receiptSigner(options.receiptKeysDir);

  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'consent',
    description:
      "Citizens' consents and their access log: grant (signed receipt), list and revoke consents; see who received which data, why and when. Citizen routes (/v1/me/*) take a citizen bearer token.",
    bodyLimitBytes: 16 * 1024,
    readiness: {
      started: () => {
        if (!ready) throw new Error('pseudonym directory or consent state not loaded yet');
      },
    },
  });
  await app.register(jwksRoutes(receipts));
  if (options.devTokens) await app.register(devTokenRoutes(tokens));
  await app.register(async (scope) => {
    await scope.register(requireCitizen(tokens));
    await scope.register(
      consentRoutes({
        writer,
        documents,
        policy: consentPolicy(catalog),
        receipts,
        clock,
        ids: options.ids ?? uuidGenerator,
      }),
    );
    await scope.register(accessLogRoutes(accessLog, catalog));
  });

  const url = await app.listen({ host: options.host, port: options.port });
  await directory.start();
  await state.start();
  await accessRecords.start();
  await state.caughtUp();
  ready = true;
  logger.info({ url, devTokens: options.devTokens }, 'consent service ready');

  return {
    app,
    url,
    directory,
    async close() {
      await app.close();
      await accessRecords.stop();
      await state.stop();
      await directory.stop();
      await producer.disconnect();
    },
  };
}
