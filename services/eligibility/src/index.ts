// The eligibility service: reads what citizens opened to `proactive-eligibility` (Relais' own
// deliveries, already judged by the router), keeps one profile per citizen on disk, re-evaluates
// the rules on every change and publishes `EntitlementDetermined` when an outcome changes.
// A withdrawn consent erases the profile. Campaigns re-evaluate everyone when parameters change.
//
// This file wires the adapters to the use cases (consumers/) and the routes (app.ts), listens and
// starts the consumers; run as a process (`node dist/index.js`), it reads its config and stops
// gracefully on SIGTERM.
import { topicOf, topics } from '@relais/contracts';
import { watchPurposeConsent } from '@relais/consent/watch';
import { asPseudonym, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  type Clock,
  connectServiceKafka,
  type ConsumedRecord,
  createConsumerRunner,
  createHttpApp,
  createServiceMetrics,
  DEFAULT_PARTITIONS,
  type KafkaAuth,
  kafkaAuthOf,
  type Logger,
  operatorAuth,
  operatorTokenScheme,
  readSecret,
  runServiceProcess,
  type ServiceMetrics,
  systemClock,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { checkedDayFile } from './adapters/checked-day.ts';
import { deliveryDecoder } from './adapters/deliveries.ts';
import { registerEligibilityMetrics } from './adapters/metrics.ts';
import { determinationWriter } from './adapters/determinations.ts';
import { PROFILES_CHANGELOG, ProfileStore } from './adapters/profile-store.ts';
import { eligibilityApp } from './app.ts';
import { loadConfig, readAddedParameters } from './config.ts';
import { applyFacts, type Delivery } from './consumers/apply-facts.ts';
import { CampaignRunner } from './consumers/campaign.ts';
import { consentGranted, consentWithdrawn } from './consumers/consent.ts';
import { partitionLock } from './consumers/partition-lock.ts';
import { ownership } from './consumers/ownership.ts';
import { checkParameters, type ScheduledCampaignsDeps } from './consumers/scheduled-campaigns.ts';
import { newStats, type EligibilityStats } from './consumers/stats.ts';
import { addValues, type AddedValue } from './domain/book.ts';
import { dayOf } from './domain/day.ts';
import { ENTITLEMENT_CONTRACT } from './domain/determination.ts';
import { parameterBook } from './domain/rules/index.ts';

export { dayOf } from './domain/day.ts';
export type { Campaign } from './consumers/campaign.ts';
export type { EligibilityStats } from './consumers/stats.ts';

export const PURPOSE = 'proactive-eligibility';
export const ENTITLEMENTS_TOPIC = topicOf({ fullName: ENTITLEMENT_CONTRACT, domain: 'relais' });

export interface EligibilityOptions {
  brokers: string[];
  /** Its Kafka principal (dec-031): its configuration's (kit `kafkaAuthOf`), or one given. */
  kafkaAuth?: KafkaAuth | undefined;
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  clock?: Clock;
  groupPrefix?: string;
  /** Relais' own agency id in the catalog (its deliveries topic, the consents' recipient). */
  agency?: string;
  deliveriesTopic?: string;
  consentsTopic?: string;
  entitlementsTopic?: string;
  changelogTopic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** The deliveries' replay window in days (RELAIS_REPLAY_WINDOW_DAYS, dec-035). */
  replayWindowDays?: number;
  /** Parameter values added by operators (a new text published), applied from their dates. */
  addedParameters?: AddedValue[];
  fromBeginning?: boolean;
  /** How often to look for a parameter taking effect (default hourly). */
  scheduleEveryMs?: number;
  /** Its Prometheus registry and scrape token (default: its own, nobody may scrape). */
  metrics?: ServiceMetrics;
  /**
   * This instance's name (ELIGIBILITY_INSTANCE): each instance reads every consent change in a
   * group of its own (dec-048), the facts in the group all instances share.
   */
  instance?: string;
  /**
   * For tests: awaited once a batch's determinations and profiles are acknowledged, before its
   * offsets are committed — the window in which an instance killed leaves work to the next owner.
   */
  afterApplied?: (partition: number, deliveries: number) => Promise<void>;
}

export interface RunningEligibility {
  app: FastifyInstance;
  url: string;
  store: ProfileStore;
  campaigns: CampaignRunner;
  stats: EligibilityStats;
  metrics: ServiceMetrics;
  close(): Promise<void>;
}

export async function startEligibility(options: EligibilityOptions): Promise<RunningEligibility> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const prefix = options.groupPrefix ?? 'relais-eligibility';
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const agency = options.agency ?? 'relais';
  const deliveries = options.deliveriesTopic ?? topics.deliveries.name(agency);
  const entitlements = options.entitlementsTopic ?? ENTITLEMENTS_TOPIC;
  const deadLetterTopic = topics.deadLetters.name('eligibility');
  const book = parameterBook();
  const problems = addValues(book, options.addedParameters ?? []);
  if (problems.length)
    throw new Error(
      `added parameters: ${problems.map((p) => `[${p.index}].${p.field}: expected ${p.expected}`).join('; ')}`,
    );
  const key = pseudonymKeyIn(options.keysDir);
  const operatorToken = readSecret(options.keysDir, 'operator.token');

  const changelog = options.changelogTopic ?? PROFILES_CHANGELOG;
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const { kafka, producer } = await connectServiceKafka({
    brokers: options.brokers,
    auth: options.kafkaAuth,
    clientId: prefix,
    logger,
    topics: [
      topics.deliveries.spec(deliveries, partitions, {
        replayWindowDays: options.replayWindowDays,
      }),
      topics.entitlements.spec(entitlements, partitions),
      topics.eligibilityProfiles.spec(changelog, partitions),
      topics.consents.spec(consentsTopic, partitions),
    ],
    // The consents it watches are co-partitioned by pivot (guarantee 3); its profile store has one
    // file per partition of its deliveries, whose changelog records go to the same partition number.
    coPartitioned: { topics: [consentsTopic, deliveries, changelog], partitions },
  });
  const serde = new AvroSerde(options.registryUrl);
  const schemaId = await serde.latestId(ENTITLEMENT_CONTRACT);

  const store = new ProfileStore({
    dataDir: options.dataDir,
    partitions,
    groupPrefix: prefix,
    ...(options.changelogTopic ? { changelog: options.changelogTopic } : {}),
  });
  await store.restore(kafka, logger);
  const stats = newStats();
  const metrics = options.metrics ?? createServiceMetrics('eligibility');
  const exclusive = partitionLock();
  const commit = determinationWriter({
    producer,
    serde,
    schemaId,
    topic: entitlements,
    store,
    purpose: PURPOSE,
  });
  const factsDeps = { store, stats, clock, exclusive, commit, purpose: PURPOSE, logger };
  const handleDeliveries = async (
    items: Array<{ value: Delivery; record: ConsumedRecord }>,
    owned: () => boolean,
  ) => {
    const partition = items[0]?.record.partition ?? 0;
    const event = { partition, deliveries: items.map((i) => i.value) };
    await applyFacts({ event, deps: factsDeps, owned });
    await options.afterApplied?.(partition, items.length);
  };

  const runner = createConsumerRunner<Delivery>({
    kafka,
    groupId: `${prefix}.facts`,
    topics: [deliveries],
    deadLetterTopic,
    producer,
    logger,
    fromBeginning: options.fromBeginning ?? true,
    sessionTimeoutMs: 10_000,
    metrics,
    decode: deliveryDecoder(serde),
    handle: async (value, { record, owned }) => handleDeliveries([{ value, record }], owned),
    handleBatch: async (items, _log, { owned }) => handleDeliveries(items, owned),
    // Given a partition (at start, or another instance gone): its profiles brought up to the
    // changelog's end before its facts are handled (dec-048).
    onPartitionAssigned: (_topic, partition) => owner.ready(partition),
  });
  const owner = ownership(
    runner.consumer,
    deliveries,
    (partition) => exclusive(partition, () => store.catchUp(kafka, logger, partition)),
    () => checkParameters({ deps: scheduleDeps }),
  );

  // Consents: a citizen who withdraws `proactive-eligibility` (or lets it expire) is forgotten.
  const consentDeps = { store, stats, producer, clock, logger };
  const consents = watchPurposeConsent({
    kafka,
    producer,
    logger,
    clock,
    // Every instance erases a withdrawn citizen's profile from all its files: a group of its own.
    groupId: `${prefix}.consents.${options.instance ?? 'eligibility-1'}`,
    deadLetterTopic,
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
    ...(options.fromBeginning !== undefined ? { fromBeginning: options.fromBeginning } : {}),
    purpose: PURPOSE,
    agency,
    sector: 'relais',
    key,
    metrics,
    onGranted: (pseudonym) =>
      consentGranted({ event: { pseudonym: asPseudonym(pseudonym) }, deps: consentDeps }),
    onWithdrawn: async (pseudonym, reason) => {
      await consentWithdrawn({
        event: { pseudonym: asPseudonym(pseudonym), reason },
        deps: consentDeps,
      });
    },
  });

  const campaigns = new CampaignRunner({
    store,
    logger,
    stats,
    clock,
    commit,
    exclusive,
    ownership: owner,
  });
  registerEligibilityMetrics(metrics, { stats, store, campaigns });
  const today = () => dayOf(clock.now());
  const scheduleDeps: ScheduledCampaignsDeps = {
    book,
    campaigns,
    checked: checkedDayFile(options.dataDir, today()),
    today,
    owned: () => owner.owned(),
  };
  const schedule = setInterval(
    () => checkParameters({ deps: scheduleDeps }),
    options.scheduleEveryMs ?? 3_600_000,
  );
  schedule.unref();

  const app = await createHttpApp({
    logger,
    service: 'eligibility',
    description:
      'Proactive eligibility: profiles from facts opened to proactive-eligibility, rules with dated parameters, campaigns.',
    metrics,
    securitySchemes: { operatorToken: operatorTokenScheme },
  });
  await app.register(eligibilityApp, {
    book,
    stats,
    store,
    campaigns,
    operator: operatorAuth(operatorToken),
    today,
  });
  const url = await app.listen({ host: options.host, port: options.port });
  await consents.start();
  await runner.start();
  checkParameters({ deps: scheduleDeps });
  logger.info({ url }, 'eligibility started');
  return {
    app,
    url,
    store,
    campaigns,
    stats,
    metrics,
    async close() {
      clearInterval(schedule);
      await app.close();
      await campaigns.stop();
      await runner.stop();
      await consents.stop();
      await producer.disconnect();
      store.close();
    },
  };
}

// The process: config, telemetry (--import), start, graceful stop.
if (import.meta.main) {
  await runServiceProcess('eligibility', loadConfig, (config, logger, metrics) =>
    startEligibility({
      metrics,
      brokers: config.KAFKA_BROKERS,
      kafkaAuth: kafkaAuthOf(config),
      logger,
      registryUrl: config.SCHEMA_REGISTRY_URL,
      keysDir: config.ELIGIBILITY_KEYS_DIR,
      dataDir: config.ELIGIBILITY_DATA_DIR,
      instance: config.ELIGIBILITY_INSTANCE,
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      addedParameters: readAddedParameters(config.ELIGIBILITY_PARAMETERS),
      partitions: config.RELAIS_PARTITIONS,
      replayWindowDays: config.RELAIS_REPLAY_WINDOW_DAYS,
    }),
  );
}
