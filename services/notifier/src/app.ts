// The notifier: an `EntitlementDetermined` that says LIKELY_ELIGIBLE becomes at most one notice
// per citizen, benefit and period, in French and English, on the channels the citizen chose, each
// with its delivery status and an `EntitlementNoticeIssued` event. Claims the paying agencies
// publish close the take-up funnel (notified → opened → claimed).
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { topicOf, topics } from '@relais/contracts';
import { watchPurposeConsent } from '@relais/consent/watch';
import { PseudonymDirectory, pseudonymKeyIn } from '@relais/identity';
import {
  AvroSerde,
  checkCoPartitioned,
  createConsumerRunner,
  createHttpApp,
  createKafka,
  createProducer,
  DEFAULT_PARTITIONS,
  envelopeFromHeaders,
  ensureTopics,
  PoisonRecordError,
  readSecret,
  systemClock,
  type Clock,
  type Logger,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { createMailer, type MailerConfig } from './channels/email.ts';
import { channelsFor, deliverChannel } from './deliver.ts';
import { composeBilingual, PROACTIVE_PURPOSE } from './domain/notice.ts';
import type { BilingualNotice, Language } from './domain/types.ts';
import { issuedPublisher, NOTICE_CONTRACT, noticeIdOf } from './issued.ts';
import { isBenefit, toEntitlement, type EntitlementEvent } from './mapping.ts';
import { PreferencesTopic } from './preferences.ts';
import { registerRoutes } from './routes.ts';
import { defaultPreferences, NotifierStore, type Channel } from './store.ts';

export const NOTICES_TOPIC = topicOf({ fullName: NOTICE_CONTRACT, domain: 'relais' });

export interface NotifierOptions {
  brokers: string[];
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  host: string;
  port: number;
  /** Where citizens reach this service (links in notices). */
  publicUrl?: string;
  /** Secret of the citizen access tokens (shared with the consent service). */
  citizenTokenSecret: string;
  smtp?: MailerConfig;
  clock?: Clock;
  groupPrefix?: string;
  agency?: string;
  entitlementsTopic?: string;
  noticesTopic?: string;
  preferencesTopic?: string;
  pseudonymTopic?: string;
  consentsTopic?: string;
  instance?: string;
  fromBeginning?: boolean;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
}

export interface RunningNotifier {
  app: FastifyInstance;
  url: string;
  store: NotifierStore;
  stats: typeof initialStats;
  lettersDir: string;
  close(): Promise<void>;
}

const initialStats = {
  determinations: 0,
  notices: 0,
  duplicates: 0,
  alreadyClaimed: 0,
  paused: 0,
  withdrawn: 0,
  claims: 0,
  byChannel: {} as Record<string, Record<string, number>>,
};

export { noticeIdOf } from './issued.ts';

export async function startNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const prefix = options.groupPrefix ?? 'relais-notifier';
  const agency = options.agency ?? 'relais';
  const entitlementsTopic =
    options.entitlementsTopic ??
    topicOf({ fullName: 'fr.gouv.relais.EntitlementDetermined', domain: 'relais' });
  const noticesTopic = options.noticesTopic ?? NOTICES_TOPIC;
  const stats = structuredClone(initialStats);
  const key = pseudonymKeyIn(options.keysDir);
  const operatorToken = readSecret(options.keysDir, 'operator.token');
  const beaconKey = createHmac('sha256', key).update('notice-opened').digest();
  const beaconToken = (id: string) =>
    createHmac('sha256', beaconKey).update(id).digest('base64url').slice(0, 22);

  const kafka = createKafka({ brokers: options.brokers, clientId: prefix, logger });
  const producer = createProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  await ensureTopics(admin, [
    topics.entitlements.spec(entitlementsTopic, partitions),
    topics.notices.spec(noticesTopic, partitions),
    topics.consents.spec(consentsTopic, partitions),
  ]);
  // The consents it watches are co-partitioned by pivot (guarantee 3).
  await checkCoPartitioned(admin, [consentsTopic], partitions);
  await admin.disconnect();
  const serde = new AvroSerde(options.registryUrl);
  const noticeSchemaId = await serde.latestId(NOTICE_CONTRACT);

  const store = new NotifierStore(options.dataDir);
  const lettersDir = path.join(options.dataDir, 'letters');
  const mailer = options.smtp ? createMailer(options.smtp) : undefined;
  const directory = new PseudonymDirectory({
    kafka,
    producer,
    logger,
    key,
    dataDir: path.join(options.dataDir, 'pseudonyms'),
    instance: `${prefix}.${options.instance ?? 'notifier-1'}`,
    ...(options.pseudonymTopic ? { topic: options.pseudonymTopic } : {}),
    partitions,
  });
  const preferences = new PreferencesTopic({
    kafka,
    producer,
    logger,
    dataDir: path.join(options.dataDir, 'preferences'),
    instance: `${prefix}.${options.instance ?? 'notifier-1'}`,
    ...(options.preferencesTopic ? { topic: options.preferencesTopic } : {}),
    partitions,
  });
  const publicUrl = options.publicUrl ?? `http://${options.host}:${options.port}`;
  const links = (noticeId: string) => ({
    preferencesUrl: `${publicUrl}/preferences`,
    openUrl: `${publicUrl}/v1/notices/${noticeId}/opened.gif?t=${beaconToken(noticeId)}`,
  });

  const publishIssued = issuedPublisher({
    producer,
    serde,
    schemaId: noticeSchemaId,
    topic: noticesTopic,
    now: () => clock.now(),
    count: (channel, status) => {
      const c = (stats.byChannel[channel] ??= {});
      c[status] = (c[status] ?? 0) + 1;
    },
  });

  /** Every channel due (PENDING, past its retry delay): after an insert, at start, on a timer. */
  async function sweep(): Promise<void> {
    for (const row of store.pending(clock.now())) {
      const n = store.notice(row.notice_id);
      if (!n) continue;
      const saved = JSON.parse(n.entitlement) as { consentId?: string; notice: BilingualNotice };
      const prefs = preferences.get(n.pseudonym) ?? defaultPreferences(n.created_at);
      const outcome = await deliverChannel(
        { store, mailer, lettersDir, logger, now: () => clock.now() },
        saved.notice,
        row.channel,
        prefs,
        row.attempts,
      );
      if (outcome)
        await publishIssued(
          {
            notice: saved.notice,
            pseudonym: n.pseudonym,
            period: n.period,
            consentId: saved.consentId,
          },
          outcome,
          n.language as Language,
        );
    }
  }
  // One sweep at a time; a request during a sweep runs another after it, so a notice recorded
  // meanwhile is not left for the timer. Sending never holds up the consumer.
  let sweeping: Promise<void> | undefined;
  let again = false;
  const runSweep = (): Promise<void> => {
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      do {
        again = false;
        await sweep();
      } while (again);
    })()
      .catch((err: unknown) => logger.error({ err }, 'sending notices failed; retried later'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };

  const entitlements = createConsumerRunner<{
    pseudonym: string;
    event: EntitlementEvent;
    consentId: string | undefined;
  }>({
    kafka,
    groupId: `${prefix}.entitlements`,
    topics: [entitlementsTopic],
    deadLetterTopic: topics.deadLetters.name('notifier'),
    producer,
    logger,
    fromBeginning: options.fromBeginning ?? true,
    decode: async (record) => {
      if (!record.key?.length)
        throw new PoisonRecordError('entitlement.no-key', 'key: expected the citizen pseudonym');
      const envelope = envelopeFromHeaders(record.headers);
      const { value } = await serde.decode<EntitlementEvent>(record.value);
      return { pseudonym: record.key.toString(), event: value, consentId: envelope.consentid };
    },
    handle: async ({ pseudonym, event, consentId }) => {
      stats.determinations += 1;
      if (event.outcome !== 'LIKELY_ELIGIBLE' || !isBenefit(event.benefit)) return;
      const entitlement = toEntitlement(event);
      const { period, benefit } = entitlement;
      if (store.hasNotice(pseudonym, benefit, period)) {
        stats.duplicates += 1;
        return;
      }
      // Defence in depth: the eligibility service erases a withdrawn citizen's profile, and a
      // determination already on its way when the consent was withdrawn stops here.
      if (store.isWithdrawn(pseudonym)) {
        stats.withdrawn += 1;
        return;
      }
      if (store.hasClaimed(pseudonym, benefit)) {
        stats.alreadyClaimed += 1;
        return;
      }
      const prefs = preferences.get(pseudonym) ?? defaultPreferences(clock.now().toISOString());
      if (prefs.paused) {
        stats.paused += 1;
        return;
      }
      const noticeId = noticeIdOf(pseudonym, benefit, period);
      const notice = composeBilingual(entitlement, prefs.language, links(noticeId), {
        noticeId,
      });
      const channels: Channel[] = channelsFor(prefs, mailer);
      const inserted = store.insertNotice(
        {
          notice_id: noticeId,
          pseudonym,
          benefit,
          period,
          decision_id: event.decisionId,
          language: prefs.language,
          subject: notice.subject,
          text: notice.text,
          html: notice.html,
          entitlement: JSON.stringify({ consentId, notice }),
          created_at: clock.now().toISOString(),
        },
        channels,
      );
      if (!inserted) {
        stats.duplicates += 1;
        return;
      }
      stats.notices += 1;
      logger.info({ notice: noticeId, channels }, 'notice issued');
      void runSweep();
    },
  });

  const claims = createConsumerRunner<{
    type: string;
    pseudonym: string;
    value: Record<string, unknown>;
  }>({
    kafka,
    groupId: `${prefix}.claims`,
    topics: [topics.deliveries.name(agency)],
    deadLetterTopic: topics.deadLetters.name('notifier'),
    producer,
    logger,
    fromBeginning: options.fromBeginning ?? true,
    decode: async (record) => {
      const envelope = envelopeFromHeaders(record.headers);
      if (envelope.type !== 'fr.gouv.benefits.BenefitClaimed')
        return { type: envelope.type, pseudonym: '', value: {} };
      const { value } = await serde.decode<Record<string, unknown>>(record.value);
      return { type: envelope.type, pseudonym: record.key?.toString() ?? '', value };
    },
    handle: async ({ type, pseudonym, value }) => {
      if (type !== 'fr.gouv.benefits.BenefitClaimed' || !pseudonym) return;
      stats.claims += 1;
      store.recordClaim(
        pseudonym,
        String(value['benefit']),
        String(value['claimedOn']),
        clock.now().toISOString(),
      );
    },
  });

  // Defence in depth beside the eligibility service: a withdrawn citizen is not written to.
  const consents = watchPurposeConsent({
    kafka,
    producer,
    logger,
    clock,
    groupId: `${prefix}.consents`,
    deadLetterTopic: topics.deadLetters.name('notifier'),
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
    ...(options.fromBeginning !== undefined ? { fromBeginning: options.fromBeginning } : {}),
    purpose: PROACTIVE_PURPOSE,
    agency,
    sector: 'relais',
    key,
    onGranted: (pseudonym) => store.setWithdrawn(pseudonym, null),
    onWithdrawn: (pseudonym) => store.setWithdrawn(pseudonym, clock.now().toISOString()),
  });

  const app = await createHttpApp({
    logger,
    service: 'notifier',
    description:
      'Proactive notices: in-app for the portal, e-mail, postal letter; preferences; take-up funnel.',
  });
  registerRoutes(app, {
    store,
    stats,
    directory,
    preferences,
    lettersDir,
    citizenTokenSecret: options.citizenTokenSecret,
    operatorToken,
    beaconToken,
    now: () => clock.now(),
  });
  const url = await app.listen({ host: options.host, port: options.port });
  await directory.start();
  await preferences.start();
  void runSweep();
  await consents.start();
  await claims.start();
  await entitlements.start();
  const timer = setInterval(() => void runSweep().catch(() => undefined), 30_000);
  timer.unref();
  logger.info({ url }, 'notifier started');
  return {
    app,
    url,
    store,
    stats,
    lettersDir,
    async close() {
      clearInterval(timer);
      await app.close();
      await entitlements.stop();
      await claims.stop();
      await consents.stop();
      await sweeping;
      await preferences.stop();
      await directory.stop();
      await producer.disconnect();
      mailer?.close();
      store.close();
    },
  };
}
