// The consent service: citizens grant, list and revoke their consents (whole documents on
// relais.consents, keyed by pivot) and read who received their data (relais.access-log). This
// file wires the adapters, the two state consumers and the HTTP plugin (app.ts), and is the
// process entry.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCatalog, topics, type Catalog } from '@relais/contracts';
import { PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  checkDevelopmentShortcuts,
  type Clock,
  connectServiceKafka,
  citizenTokenScheme,
  counterTokenScheme,
  createHttpApp,
  createServiceMetrics,
  DEFAULT_PARTITIONS,
  type IdGenerator,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  type RelaisProfile,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
  uuidGenerator,
} from '@relais/kit';
import { accessLogStore } from './adapters/access-log-store.ts';
import { consentWriter } from './adapters/consent-writer.ts';
import { documentStore } from './adapters/documents.ts';
import { consentMetrics } from './adapters/metrics.ts';
import { receiptSigner } from './adapters/receipts.ts';
import { consentApp } from './app.ts';
import { CITIZEN_AUDIENCES, citizenTokens, type PortalKeySource } from './auth/citizen-tokens.ts';
import { loadConfig } from './config.ts';
import { fileArchive } from '@relais/router/archive';
import { checkpointJwks } from '@relais/router/checkpoint-key';
import { accessLogConsumer } from './consumers/access-log.ts';
import { checkpointsConsumer } from './consumers/checkpoints.ts';
import { consentsConsumer } from './consumers/consents.ts';
import { counterActionsConsumer, counterActionStore } from './consumers/counter-actions.ts';
import { mandatesConsumer } from './consumers/mandates.ts';
import { counterJournal } from './adapters/counter-journal.ts';
import { mandateStore } from './adapters/mandates-store.ts';
import { mandateWriter } from './adapters/mandate-writer.ts';
import { counterTokens } from './auth/counter-tokens.ts';

export interface ConsentOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  /** SQLite files: the consent documents, the access log, the pseudonym directory. */
  dataDir: string;
  /**
   * Holds `pseudonym.key` (as the gateway's) and the access log's public checkpoint key (served
   * at GET /v1/access-log/jwks).
   */
  keysDir: string;
  /** The access log's archive (the router writes it): a lost data directory is rebuilt from it. */
  archiveDir?: string | undefined;
  /**
   * Development only: registers POST /v1/dev/citizen-token and accepts the HS256 tokens it mints
   * (besides the portal's). Off in the default configuration.
   */
  devTokens: boolean;
  /** HS256 secret of the development tokens (≥ 32 bytes); none: a random one per process. */
  devTokenSecret?: string | undefined;
  /** `production` refuses to start with development tokens on (RELAIS_PROFILE). */
  profile?: RelaisProfile;
  /**
   * Where the portal's public key comes from (its citizen access tokens, ES256). Default: the
   * keys folder (`portal-token.public.jwk.json`).
   */
  portalKeys?: PortalKeySource | undefined;
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
  checkpointsTopic?: string | undefined;
  mandatesTopic?: string | undefined;
  counterActionsTopic?: string | undefined;
  /** Where the counter's public key comes from (default: counter-token.public.jwk.json in keysDir). */
  counterKeys?: PortalKeySource | undefined;
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
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
}

export interface RunningConsent {
  app: FastifyInstance;
  url: string;
  directory: PseudonymDirectory;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

export async function startConsent(options: ConsentOptions): Promise<RunningConsent> {
  const { logger } = options;
  // Before anything connects: refused under production, loud otherwise (issue 13).
  const shortcuts = checkDevelopmentShortcuts(
    options.profile ?? 'development',
    [
      {
        setting: 'CONSENT_DEV_TOKENS',
        on: options.devTokens,
        what: 'the development citizen-token issuer (POST /v1/dev/citizen-token: anyone who knows a portal pseudonym acts as that citizen)',
      },
    ],
    logger,
  );
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const prefix = options.groupPrefix ?? 'relais-consent';
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const accessLogTopic = options.accessLogTopic ?? topics.accessLog.name;
  const checkpointsTopic = options.checkpointsTopic ?? topics.accessLogCheckpoints.name;
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const mandatesTopic = options.mandatesTopic ?? topics.mandates.name;
  const counterActionsTopic = options.counterActionsTopic ?? topics.counterActions.name;

  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: `relais-consent-${options.instance}`,
    logger,
    topics: [
      topics.consents.spec(consentsTopic, partitions),
      topics.accessLog.spec(accessLogTopic, partitions),
      topics.accessLogCheckpoints.spec(checkpointsTopic),
      topics.mandates.spec(mandatesTopic, partitions),
      topics.counterActions.spec(counterActionsTopic, partitions),
    ],
    // Co-partitioning by pivot: with another count, the router would judge events by another
    // partition's order.
    coPartitioned: { topics: [consentsTopic, accessLogTopic, mandatesTopic], partitions },
  });

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
  const serde = new AvroSerde(options.registryUrl);
  const mandateState = mandatesConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    serde,
    topic: mandatesTopic,
    group: `${prefix}.mandates.${options.instance}`,
    service: 'consent',
  });
  const counterActions = counterActionsConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    serde,
    topic: counterActionsTopic,
    group: `${prefix}.counter-actions.${options.instance}`,
  });
  const mandates = mandateStore(() => mandateState.stores());
  const accessRecords = accessLogConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    serde,
    topic: accessLogTopic,
    group: `${prefix}.access-log.${options.instance}`,
    archive: options.archiveDir ? fileArchive(options.archiveDir) : undefined,
  });
  const checkpoints = checkpointsConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    topic: checkpointsTopic,
    group: `${prefix}.checkpoints.${options.instance}`,
  });
  const documents = documentStore(() => state.stores());
  const writer = consentWriter({
    producer,
    topic: consentsTopic,
    documents,
    state,
    ...(options.writeTimeoutMs !== undefined ? { timeoutMs: options.writeTimeoutMs } : {}),
  });
  const tokens = citizenTokens({
    audience: CITIZEN_AUDIENCES.consent,
    portal: options.portalKeys ?? { keysDir: options.keysDir },
    devSecret: options.devTokens
      ? (options.devTokenSecret ?? randomBytes(32).toString('base64url'))
      : undefined,
    directory,
    now: () => clock.now(),
  });
  const receipts = await receiptSigner(options.receiptKeysDir);

  const metrics = options.metrics ?? createServiceMetrics('consent');
  let ready = false;
  const app = await createHttpApp({
    logger,
    service: 'consent',
    description:
      "Citizens' consents and their access log: grant (signed receipt), list and revoke consents; see who received which data, why and when. Citizen routes (/v1/me/*) take a citizen bearer token.",
    bodyLimitBytes: 16 * 1024,
    metrics,
    developmentShortcuts: shortcuts,
    securitySchemes: { citizenToken: citizenTokenScheme, counterToken: counterTokenScheme },
    readiness: {
      started: () => {
        if (!ready) throw new Error('pseudonym directory or consent state not loaded yet');
      },
    },
  });
  await app.register(consentApp, {
    catalog,
    tokens,
    devTokens: options.devTokens,
    receipts,
    writer,
    documents,
    accessLog: accessLogStore(
      () => accessRecords.stores(),
      (partition) => checkpoints.stores()[0]?.of(accessLogTopic, partition) ?? [],
    ),
    checkpointKeys: () => checkpointJwks(options.keysDir),
    clock,
    ids: options.ids ?? uuidGenerator,
    counters: consentMetrics(metrics),
    counter: {
      tokens: counterTokens({
        audience: CITIZEN_AUDIENCES.consent,
        keys: options.counterKeys ?? { keysDir: options.keysDir },
        directory,
        now: () => clock.now(),
      }),
      mandates,
      mandateWriter: mandateWriter({
        producer,
        serde,
        topic: mandatesTopic,
        mandates,
        state: mandateState,
        ...(options.writeTimeoutMs !== undefined ? { timeoutMs: options.writeTimeoutMs } : {}),
      }),
      journal: counterJournal({ producer, serde, topic: counterActionsTopic, clock }),
      counterActions: counterActionStore(() => counterActions.stores()),
      directory,
    },
  });

  const url = await app.listen({ host: options.host, port: options.port });
  await directory.start();
  await state.start();
  await accessRecords.start();
  await checkpoints.start();
  await mandateState.start();
  await counterActions.start();
  await state.caughtUp();
  await mandateState.caughtUp();
  ready = true;
  logger.info({ url, devTokens: options.devTokens }, 'consent service ready');

  return {
    app,
    url,
    directory,
    metrics,
    async close() {
      await app.close();
      await accessRecords.stop();
      await checkpoints.stop();
      await counterActions.stop();
      await mandateState.stop();
      await state.stop();
      await directory.stop();
      await producer.disconnect();
    },
  };
}

// The consent service process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('consent', loadConfig, (config, logger, metrics) => {
    return startConsent({
      metrics,
      profile: config.RELAIS_PROFILE,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      dataDir: config.CONSENT_DATA_DIR,
      keysDir: config.CONSENT_KEYS_DIR,
      archiveDir: config.CONSENT_ARCHIVE_DIR,
      receiptKeysDir: config.CONSENT_RECEIPT_KEYS_DIR,
      devTokens: config.CONSENT_DEV_TOKENS,
      devTokenSecret: config.CONSENT_DEV_TOKEN_SECRET,
      portalKeys: config.CONSENT_PORTAL_JWKS_URL
        ? { jwksUrl: config.CONSENT_PORTAL_JWKS_URL }
        : { keysDir: config.CONSENT_KEYS_DIR },
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      instance: config.CONSENT_INSTANCE,
      pseudonymTopic: config.CONSENT_PSEUDONYM_TOPIC,
      consentsTopic: config.CONSENT_CONSENTS_TOPIC,
      accessLogTopic: config.CONSENT_ACCESS_LOG_TOPIC,
      mandatesTopic: config.CONSENT_MANDATES_TOPIC,
      counterActionsTopic: config.CONSENT_COUNTER_ACTIONS_TOPIC,
      ...(config.CONSENT_COUNTER_JWKS_URL
        ? { counterKeys: { jwksUrl: config.CONSENT_COUNTER_JWKS_URL } }
        : {}),
      partitions: config.RELAIS_PARTITIONS,
    });
  });
}
