// The notifier: an `EntitlementDetermined` that says LIKELY_ELIGIBLE becomes at most one notice
// per citizen, benefit and period, in French and English, on the channels the citizen chose, each
// with its delivery status and an `EntitlementNoticeIssued` event. Claims the paying agencies
// publish close the take-up funnel (notified → opened → claimed).
//
// This file wires the adapters to the use cases (consumers/) and the routes (app.ts), listens and
// starts the consumers; run as a process (`node dist/index.js`), it reads its config and stops
// gracefully on SIGTERM.
import path from 'node:path';
import { topicOf, topics } from '@relais/contracts';
import { watchPurposeConsent } from '@relais/consent/watch';
import type { PortalKeySource } from '@relais/consent/auth';
import { counterJournal, mandatesConsumer, mandateStore } from '@relais/consent/counter';
import { asPseudonym, PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
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
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  operatorAuth,
  operatorTokenScheme,
  readSecret,
  type RelaisProfile,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { issuedPublisher, NOTICE_CONTRACT } from './adapters/issued.ts';
import { registerNotifierMetrics } from './adapters/metrics.ts';
import { PreferencesTopic } from './adapters/preferences-topic.ts';
import { inputRunners, killable } from './adapters/runners.ts';
import { NoticesChangelog } from './adapters/notices-changelog.ts';
import { notifierApp } from './app.ts';
import { reprintLetter } from './channels/deliver.ts';
import { createMailer, type MailerConfig } from './channels/email.ts';
import { loadConfig } from './config.ts';
import { consentGranted, consentWithdrawn } from './consumers/consent.ts';
import { createSender } from './consumers/send.ts';
import { newStats, type NotifierStats } from './consumers/stats.ts';
import { beaconTokenOf, noticeLinks } from './domain/links.ts';
import { PROACTIVE_PURPOSE } from './domain/notice.ts';

export { noticeIdOf } from './domain/issue.ts';
export type { NotifierStats } from './consumers/stats.ts';

export const NOTICES_TOPIC = topicOf({ fullName: NOTICE_CONTRACT, domain: 'relais' });

export interface NotifierOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  /** Where citizens reach this service (links in notices). */
  publicUrl?: string;
  /** Where the portal's public key comes from (default: portal-token.public.jwk.json in keysDir). */
  portalKeys?: PortalKeySource | undefined;
  /** Development only: also accept the consent service's HS256 development tokens. */
  devTokenSecret?: string | undefined;
  /** `production` refuses to start with development tokens accepted (RELAIS_PROFILE). */
  profile?: RelaisProfile;
  smtp?: MailerConfig;
  clock?: Clock;
  groupPrefix?: string;
  agency?: string;
  entitlementsTopic?: string;
  noticesTopic?: string;
  preferencesTopic?: string;
  /** The notifier's changelog (dec-047; default relais.notifier.notices). */
  changelogTopic?: string;
  pseudonymTopic?: string;
  consentsTopic?: string;
  mandatesTopic?: string;
  counterActionsTopic?: string;
  /** Where the counter's public key comes from (default: counter-token.public.jwk.json in keysDir). */
  counterKeys?: PortalKeySource | undefined;
  instance?: string;
  fromBeginning?: boolean;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
}

export interface RunningNotifier {
  app: FastifyInstance;
  url: string;
  /** Its replica of the changelog (every partition), through which it writes too. */
  store: NoticesChangelog;
  stats: NotifierStats;
  metrics: ServiceMetrics;
  lettersDir: string;
  close(): Promise<void>;
  /**
   * For tests: stops as a killed process would (SIGKILL): from this call on nothing more is
   * produced, the consumers leave without finishing or committing their batch.
   */
  crash(): Promise<void>;
}

export async function startNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  const { logger } = options;
  // Before anything connects: refused under production, loud otherwise (issue 13).
  const shortcuts = checkDevelopmentShortcuts(
    options.profile ?? 'development',
    [
      {
        setting: 'CITIZEN_DEV_TOKEN_SECRET',
        on: options.devTokenSecret !== undefined,
        what: "the consent service's development citizen tokens are accepted",
      },
    ],
    logger,
  );
  const clock = options.clock ?? systemClock;
  const prefix = options.groupPrefix ?? 'relais-notifier';
  const agency = options.agency ?? 'relais';
  const entitlementsTopic =
    options.entitlementsTopic ??
    topicOf({ fullName: 'fr.gouv.relais.EntitlementDetermined', domain: 'relais' });
  const noticesTopic = options.noticesTopic ?? NOTICES_TOPIC;
  const deadLetterTopic = topics.deadLetters.name('notifier');
  const stats = newStats();
  const metrics = options.metrics ?? createServiceMetrics('notifier');
  registerNotifierMetrics(metrics, stats);
  const key = pseudonymKeyIn(options.keysDir);
  const operatorToken = readSecret(options.keysDir, 'operator.token');
  const beaconToken = beaconTokenOf(key);

  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const mandatesTopic = options.mandatesTopic ?? topics.mandates.name;
  const counterActionsTopic = options.counterActionsTopic ?? topics.counterActions.name;
  const connected = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: prefix,
    logger,
    topics: [
      topics.entitlements.spec(entitlementsTopic, partitions),
      topics.notices.spec(noticesTopic, partitions),
      topics.consents.spec(consentsTopic, partitions),
      topics.mandates.spec(mandatesTopic, partitions),
      topics.counterActions.spec(counterActionsTopic, partitions),
    ],
    // The consents it watches are co-partitioned by pivot (guarantee 3).
    coPartitioned: { topics: [consentsTopic, mandatesTopic, entitlementsTopic], partitions },
  });
  const { kafka } = connected;
  let killed = false;
  const producer = killable(connected.producer, () => killed);
  const serde = new AvroSerde(options.registryUrl);
  const noticeSchemaId = await serde.latestId(NOTICE_CONTRACT);

  const lettersDir = path.join(options.dataDir, 'letters');
  const mailer = options.smtp ? createMailer(options.smtp) : undefined;
  const instance = `${prefix}.${options.instance ?? 'notifier-1'}`;
  // Every instance's replica of the notices' changelog; the owner of a partition decides (dec-047).
  const store = new NoticesChangelog({
    kafka,
    producer,
    logger,
    dataDir: path.join(options.dataDir, 'notices'),
    instance,
    ...(options.changelogTopic ? { topic: options.changelogTopic } : {}),
    partitions,
    deadLetterTopic,
  });
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key,
    dataDir: path.join(options.dataDir, 'pseudonyms'),
    instance,
    ...(options.pseudonymTopic ? { topic: options.pseudonymTopic } : {}),
    partitions,
  });
  const preferences = new PreferencesTopic({
    kafka,
    producer,
    logger,
    dataDir: path.join(options.dataDir, 'preferences'),
    instance,
    ...(options.preferencesTopic ? { topic: options.preferencesTopic } : {}),
    partitions,
  });
  // Its own copy of the citizens' mandates: counter agents' calls are checked here, not trusted.
  const mandateState = mandatesConsumer({
    kafka,
    producer,
    logger,
    dataDir: options.dataDir,
    serde,
    topic: mandatesTopic,
    group: `${instance}.mandates`,
    service: 'notifier',
  });
  const publicUrl = options.publicUrl ?? `http://${options.host}:${options.port}`;

  const sender = createSender({
    store,
    preferences,
    mailer,
    lettersDir,
    logger,
    clock,
    publishIssued: issuedPublisher({
      producer,
      serde,
      schemaId: noticeSchemaId,
      topic: noticesTopic,
      now: () => clock.now(),
      count: (channel, status) => {
        const c = (stats.byChannel[channel] ??= {});
        c[status] = (c[status] ?? 0) + 1;
      },
    }),
  });

  const determinationDeps = {
    store,
    preferences,
    stats,
    clock,
    logger,
    links: noticeLinks(publicUrl, beaconToken),
    emailAvailable: mailer !== undefined,
    send: () => void sender.wake(),
  };
  const { entitlements, claims } = inputRunners({
    kafka,
    producer,
    logger,
    metrics,
    serde,
    store,
    prefix,
    entitlementsTopic,
    claimsTopic: topics.deliveries.name(agency),
    deadLetterTopic,
    fromBeginning: options.fromBeginning ?? true,
    determination: determinationDeps,
    claim: { store, stats, clock },
  });

  // Defence in depth beside the eligibility service: a withdrawn citizen is not written to.
  const consentDeps = { store, clock };
  const consents = watchPurposeConsent({
    kafka,
    producer,
    logger,
    clock,
    groupId: `${prefix}.consents`,
    deadLetterTopic,
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
    ...(options.fromBeginning !== undefined ? { fromBeginning: options.fromBeginning } : {}),
    purpose: PROACTIVE_PURPOSE,
    agency,
    sector: 'relais',
    key,
    metrics,
    onGranted: (pseudonym) =>
      consentGranted({ event: { pseudonym: asPseudonym(pseudonym) }, deps: consentDeps }),
    onWithdrawn: (pseudonym) =>
      consentWithdrawn({ event: { pseudonym: asPseudonym(pseudonym) }, deps: consentDeps }),
  });

  const app = await createHttpApp({
    logger,
    service: 'notifier',
    description:
      'Proactive notices: in-app for the portal, e-mail, postal letter; preferences; take-up funnel.',
    metrics,
    developmentShortcuts: shortcuts,
    securitySchemes: {
      citizenToken: citizenTokenScheme,
      counterToken: counterTokenScheme,
      operatorToken: operatorTokenScheme,
    },
  });
  await app.register(notifierApp, {
    store,
    stats,
    directory,
    preferences,
    lettersDir,
    reprint: (id) =>
      reprintLetter({ store, address: (p) => preferences.get(p)?.postalAddress }, id),
    portalKeys: options.portalKeys ?? { keysDir: options.keysDir },
    devTokenSecret: options.devTokenSecret,
    operator: operatorAuth(operatorToken),
    beaconToken,
    clock,
    counter: {
      counterKeys: options.counterKeys ?? { keysDir: options.keysDir },
      mandates: mandateStore(() => mandateState.stores()),
      journal: counterJournal({ producer, serde, topic: counterActionsTopic, clock }),
    },
  });
  // Its replica holds the changelog's end before it answers anyone (a lost data dir is rebuilt).
  await store.start();
  const url = await app.listen({ host: options.host, port: options.port });
  await directory.start();
  await preferences.start();
  await mandateState.start();
  // The partitions of relais.entitlements given here are the ones whose channels it sends.
  store.onOwned = () => void sender.wake();
  await consents.start();
  await claims.start();
  await entitlements.start();
  const timer = setInterval(() => void sender.wake().catch(() => undefined), 30_000);
  timer.unref();
  logger.info({ url }, 'notifier started');
  return {
    app,
    url,
    store,
    stats,
    metrics,
    lettersDir,
    async close() {
      clearInterval(timer);
      await app.close();
      await entitlements.stop();
      await claims.stop();
      await consents.stop();
      await sender.settled();
      await store.close();
      await preferences.stop();
      await mandateState.stop();
      await directory.stop();
      await producer.disconnect();
      mailer?.close();
    },
    async crash() {
      killed = true;
      clearInterval(timer);
      await Promise.allSettled([entitlements.consumer.disconnect(), claims.consumer.disconnect()]);
      await app.close();
      await consents.stop();
      await sender.settled();
      await store.close();
      await preferences.stop();
      await mandateState.stop();
      await directory.stop();
      await connected.producer.disconnect();
      mailer?.close();
    },
  };
}

// The process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('notifier', loadConfig, (config, logger, metrics) =>
    startNotifier({
      metrics,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      keysDir: config.NOTIFIER_KEYS_DIR,
      dataDir: config.NOTIFIER_DATA_DIR,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      devTokenSecret: config.CITIZEN_DEV_TOKEN_SECRET,
      profile: config.RELAIS_PROFILE,
      ...(config.NOTIFIER_COUNTER_JWKS_URL
        ? { counterKeys: { jwksUrl: config.NOTIFIER_COUNTER_JWKS_URL } }
        : {}),
      ...(config.NOTIFIER_PORTAL_JWKS_URL
        ? { portalKeys: { jwksUrl: config.NOTIFIER_PORTAL_JWKS_URL } }
        : {}),
      partitions: config.RELAIS_PARTITIONS,
      ...(config.NOTIFIER_PUBLIC_URL ? { publicUrl: config.NOTIFIER_PUBLIC_URL } : {}),
      ...(config.SMTP_HOST
        ? {
            smtp: {
              host: config.SMTP_HOST,
              port: config.SMTP_PORT,
              from: config.SMTP_FROM,
              ...(config.SMTP_USER && config.SMTP_PASSWORD
                ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } }
                : {}),
            },
          }
        : {}),
    }),
  );
}
