// The eligibility service: reads what citizens opened to `proactive-eligibility` (Relais' own
// deliveries, already judged by the router), keeps one profile per citizen on disk, re-evaluates
// the rules on every change and publishes `EntitlementDetermined` when an outcome changes.
// A withdrawn consent erases the profile. Campaigns re-evaluate everyone when parameters change.
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { topicOf, topics } from '@relais/contracts';
import { watchPurposeConsent } from '@relais/consent/watch';
import { pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  checkCoPartitioned,
  createConsumerRunner,
  createHttpApp,
  createKafka,
  createProducer,
  DEFAULT_PARTITIONS,
  envelopeFromHeaders,
  envelopeToHeaders,
  ensureTopics,
  operatorAuth,
  PoisonRecordError,
  readSecret,
  systemClock,
  type Clock,
  type ConsumedRecord,
  type Logger,
  type OutgoingRecord,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { addValues, effectiveDates, type AddedValue } from './domain/book.ts';
import { emptyProfile, type Profile } from './domain/profile.ts';
import { ENTITLEMENT_CONTRACT } from './determination.ts';
import { newEngineStats, reevaluate, type Determination } from './engine.ts';
import { applyEvent } from './ingest.ts';
import { parameterBook } from './domain/rules/index.ts';
import { CampaignRunner } from './campaign.ts';
import { PROFILES_CHANGELOG, ProfileStore } from './store.ts';
import { registerRoutes } from './routes.ts';

export const PURPOSE = 'proactive-eligibility';
export const ENTITLEMENTS_TOPIC = topicOf({ fullName: ENTITLEMENT_CONTRACT, domain: 'relais' });

export interface EligibilityOptions {
  brokers: string[];
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
  /** Parameter values added by operators (a new text published), applied from their dates. */
  addedParameters?: AddedValue[];
  fromBeginning?: boolean;
  /** How often to look for a parameter taking effect (default hourly). */
  scheduleEveryMs?: number;
}

export interface RunningEligibility {
  app: FastifyInstance;
  url: string;
  store: ProfileStore;
  campaigns: CampaignRunner;
  stats: ReturnType<typeof newStats>;
  close(): Promise<void>;
}

const newStats = () => ({
  ...newEngineStats(),
  eventsApplied: 0,
  eventsUnchanged: 0,
  eventsIgnored: 0,
  forgotten: 0,
});

/** `YYYY-MM-DD` of an instant, in France's civil time (legal dates are French dates). */
export const dayOf = (d: Date): string =>
  d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

export async function startEligibility(options: EligibilityOptions): Promise<RunningEligibility> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const prefix = options.groupPrefix ?? 'relais-eligibility';
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const agency = options.agency ?? 'relais';
  const deliveries = options.deliveriesTopic ?? topics.deliveries.name(agency);
  const entitlements = options.entitlementsTopic ?? ENTITLEMENTS_TOPIC;
  const book = parameterBook();
  const problems = addValues(book, options.addedParameters ?? []);
  if (problems.length)
    throw new Error(
      `added parameters: ${problems.map((p) => `[${p.index}].${p.field}: expected ${p.expected}`).join('; ')}`,
    );
  const key = pseudonymKeyIn(options.keysDir);
  const operatorToken = readSecret(options.keysDir, 'operator.token');

  const kafka = createKafka({ brokers: options.brokers, clientId: prefix, logger });
  const producer = createProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const changelog = options.changelogTopic ?? PROFILES_CHANGELOG;
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  await ensureTopics(admin, [
    topics.deliveries.spec(deliveries, partitions),
    topics.entitlements.spec(entitlements, partitions),
    topics.eligibilityProfiles.spec(changelog, partitions),
    topics.consents.spec(consentsTopic, partitions),
  ]);
  // The consents it watches are co-partitioned by pivot (guarantee 3); its profile store has one
  // file per partition of its deliveries, whose changelog records go to the same partition number.
  await checkCoPartitioned(admin, [consentsTopic, deliveries, changelog], partitions);
  await admin.disconnect();
  const serde = new AvroSerde(options.registryUrl);
  const schemaId = await serde.latestId(ENTITLEMENT_CONTRACT);

  const store = new ProfileStore({
    dataDir: options.dataDir,
    partitions,
    ...(options.changelogTopic ? { changelog: options.changelogTopic } : {}),
  });
  await store.restore(kafka, logger);
  const stats = newStats();

  // One writer per partition at a time: a campaign page and a batch of facts both read, evaluate,
  // publish and write profiles back; interleaved, the later write would lose the other's changes.
  const locks = new Map<number, Promise<unknown>>();
  function exclusive<T>(partition: number, fn: () => Promise<T>): Promise<T> {
    const run = (locks.get(partition) ?? Promise.resolve()).then(fn, fn);
    locks.set(
      partition,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Publishes determinations and the changed profiles, then keeps the profiles on disk. */
  async function commit(partition: number, changed: Map<string, Profile>, out: Determination[]) {
    const records: OutgoingRecord[] = await Promise.all(
      out.map(async ({ pseudonym, event, consentId }) => ({
        key: pseudonym,
        value: await serde.encode(schemaId, event as unknown as Record<string, unknown>),
        headers: envelopeToHeaders({
          specversion: '1.0',
          id: event.decisionId,
          source: 'urn:relais:agency:relais',
          type: ENTITLEMENT_CONTRACT,
          time: event.determinedAt.toISOString(),
          datacontenttype: 'application/avro',
          purpose: PURPOSE,
          legalbasis: 'consent',
          ...(consentId ? { consentid: consentId } : {}),
        }),
      })),
    );
    const docs = [...changed].map(([k, p]): [string, string] => [k, JSON.stringify(p)]);
    await Promise.all([
      records.length ? producer.publish(entitlements, records) : undefined,
      producer.publish(
        store.changelog,
        docs.map(([key, value]) => ({ key, value, partition })),
      ),
    ]);
    // A consent withdrawn while this batch was in flight wins: its profile is not written back.
    store.putMany(
      partition,
      docs.filter(([k]) => !store.isForgotten(partition, k)),
    );
  }

  interface Delivery {
    type: string;
    id: string;
    time: string;
    purpose: string | undefined;
    consentId: string | undefined;
    pseudonym: string;
    value: Record<string, unknown>;
  }

  async function handleDeliveries(items: Array<{ value: Delivery; record: ConsumedRecord }>) {
    const partition = items[0]?.record.partition ?? 0;
    await exclusive(partition, async () => {
      const now = clock.now();
      const today = dayOf(now);
      const touched = new Map<string, Profile>();
      const dirty = new Map<string, string>();
      for (const { value: d } of items) {
        if (d.purpose !== PURPOSE || store.isForgotten(partition, d.pseudonym)) {
          stats.eventsIgnored += 1;
          continue;
        }
        const profile =
          touched.get(d.pseudonym) ?? store.get(partition, d.pseudonym) ?? emptyProfile();
        touched.set(d.pseudonym, profile);
        if (d.consentId) profile.consentId = d.consentId;
        if (applyEvent(profile, d.type, d.value, { time: d.time, eventId: d.id })) {
          stats.eventsApplied += 1;
          dirty.set(d.pseudonym, d.id);
        } else stats.eventsUnchanged += 1;
      }
      if (!dirty.size) return;
      const out: Determination[] = [];
      const changed = new Map<string, Profile>();
      for (const [pseudonym, trigger] of dirty) {
        const profile = touched.get(pseudonym) as Profile;
        out.push(...reevaluate(pseudonym, profile, today, trigger, now, stats));
        changed.set(pseudonym, profile);
      }
      await commit(partition, changed, out);
    });
  }

  const runner = createConsumerRunner<Delivery>({
    kafka,
    groupId: `${prefix}.facts`,
    topics: [deliveries],
    deadLetterTopic: topics.deadLetters.name('eligibility'),
    producer,
    logger,
    fromBeginning: options.fromBeginning ?? true,
    sessionTimeoutMs: 10_000,
    decode: async (record) => {
      const envelope = envelopeFromHeaders(record.headers);
      if (!record.key?.length)
        throw new PoisonRecordError('delivery.no-key', 'key: expected the citizen pseudonym');
      const { value } = await serde.decode<Record<string, unknown>>(record.value);
      return {
        type: envelope.type,
        id: envelope.id,
        time: envelope.time,
        purpose: envelope.purpose,
        consentId: envelope.consentid,
        pseudonym: record.key.toString(),
        value,
      };
    },
    handle: async (value, { record }) => handleDeliveries([{ value, record }]),
    handleBatch: async (items) => handleDeliveries(items),
  });

  // Consents: a citizen who withdraws `proactive-eligibility` (or lets it expire) is forgotten.
  const consents = watchPurposeConsent({
    kafka,
    producer,
    logger,
    clock,
    groupId: `${prefix}.consents`,
    deadLetterTopic: topics.deadLetters.name('eligibility'),
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
    ...(options.fromBeginning !== undefined ? { fromBeginning: options.fromBeginning } : {}),
    purpose: PURPOSE,
    agency,
    sector: 'relais',
    key,
    onGranted: (pseudonym) => store.remember(pseudonym),
    onWithdrawn: async (pseudonym, reason) => {
      const tombstone = store.forget(pseudonym, clock.now().toISOString());
      if (!tombstone) return;
      stats.forgotten += 1;
      await producer.publish(store.changelog, [tombstone]);
      logger.info({ reason }, 'consent withdrawn: profile erased');
    },
  });

  const campaigns = new CampaignRunner({
    store,
    logger,
    stats,
    clock,
    commit,
    exclusive,
  });

  // A parameter taking effect starts a campaign that day: checked at start and every hour, from
  // the last day checked (kept on disk, so a restart on that day does not miss it).
  const checkedFile = path.join(options.dataDir, 'parameters-checked.json');
  const readChecked = (): string =>
    existsSync(checkedFile)
      ? (JSON.parse(readFileSync(checkedFile, 'utf8')) as { day: string }).day
      : dayOf(clock.now());
  let lastChecked = readChecked();
  const checkParameters = (): void => {
    const today = dayOf(clock.now());
    if (campaigns.running() || today <= lastChecked) return;
    const due = effectiveDates(book, lastChecked, today);
    const checked = () => {
      lastChecked = today;
      writeFileSync(checkedFile, JSON.stringify({ day: today }));
    };
    if (!due.length) return checked();
    // The day counts as checked once its campaign is done: a failed one is tried again.
    const campaign = campaigns.start(today, `parameters from ${due.join(', ')}`);
    void campaigns.settled().then(() => {
      if (campaign.status === 'done') checked();
    });
  };
  if (!existsSync(checkedFile)) writeFileSync(checkedFile, JSON.stringify({ day: lastChecked }));
  const schedule = setInterval(checkParameters, options.scheduleEveryMs ?? 3_600_000);
  schedule.unref();

  const app = await createHttpApp({
    logger,
    service: 'eligibility',
    description:
      'Proactive eligibility: profiles from facts opened to proactive-eligibility, rules with dated parameters, campaigns.',
  });
  registerRoutes(app, {
    book,
    stats,
    store,
    campaigns,
    operator: operatorAuth(operatorToken),
    today: () => dayOf(clock.now()),
  });
  const url = await app.listen({ host: options.host, port: options.port });
  await consents.start();
  await runner.start();
  checkParameters();
  logger.info({ url }, 'eligibility started');
  return {
    app,
    url,
    store,
    campaigns,
    stats,
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
