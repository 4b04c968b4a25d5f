// Notifiers on the run's broker (dec-047): a registry with the real contracts, a keys folder, the
// notifier's topics under names unique to the test, and as many instances as a test starts (each
// its own data dir, all in the same consumer groups). Determinations are produced as the
// eligibility service does (Avro, CloudEvents headers, keyed by the Relais pseudonym).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { loadCatalog, topics } from '@relais/contracts';
import { asPseudonym, type Pseudonym } from '@relais/identity';
import {
  AvroSerde,
  createLogger,
  createProducer,
  envelopeToHeaders,
  fixedClock,
  type OutgoingRecord,
  type RelaisProducer,
} from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, testKafka, topicEnds, uniqueName, readTopic } from '@relais/testkit';
import { startNotifier, type NotifierOptions, type RunningNotifier } from '../../src/index.ts';
import type { EntitlementEvent } from '../../src/domain/entitlement.ts';
import type { Preferences } from '../../src/domain/preferences.ts';
import { AT } from './fixtures.ts';

// The world publishes the unit tests' determinations: one fixture for both.
export { AT, determined } from './fixtures.ts';

export const PARTITIONS = 3;

export interface NotifierWorld {
  kafka: Kafka;
  keysDir: string;
  topics: { entitlements: string; notices: string; changelog: string };
  /** Starts an instance (its data dir under the world's, by name), in the world's groups. */
  start(name: string, over?: Partial<NotifierOptions>): Promise<RunningNotifier>;
  dataDir(name: string): string;
  /** Stops an instance as a SIGKILL would (RunningNotifier.crash). */
  crash(n: RunningNotifier): Promise<void>;
  /** Stops an instance gracefully. */
  stop(n: RunningNotifier): Promise<void>;
  /** Produces records as they are (acks=all): what a killed instance left behind. */
  produce(topic: string, records: OutgoingRecord[]): Promise<void>;
  /** An `EntitlementNoticeIssued` value, Avro-encoded with the registry's latest schema. */
  encodeIssued(value: Record<string, unknown>): Promise<Buffer>;
  /** Publishes a citizen's notice preferences (as the citizen's PUT does). */
  prefer(pseudonym: Pseudonym, prefs: Preferences): Promise<void>;
  /** Publishes determinations (acks=all), keyed by pseudonym. */
  determine(items: Array<{ pseudonym: Pseudonym; event: EntitlementEvent }>): Promise<void>;
  /** Every record on a topic now (from its start up to its end offsets). */
  readAll(
    topic: string,
  ): Promise<Array<{ key: string; partition: number; headers: Record<string, string> }>>;
  operatorToken: string;
  close(): Promise<void>;
}

export function citizens(n: number, tag: string): Pseudonym[] {
  return Array.from({ length: n }, (_, i) =>
    asPseudonym(`${tag}${String(i).padStart(3, '0')}${randomBytes(6).toString('base64url')}`),
  );
}

export async function notifierWorld(): Promise<NotifierWorld> {
  const logger = createLogger({
    service: 'notifier-test',
    level: process.env['TEST_LOG_LEVEL'] ?? 'silent',
  });
  const root = mkdtempSync(path.join(tmpdir(), 'relais-notifiers-'));
  const keysDir = path.join(root, 'keys');
  mkdirSync(keysDir);
  writeFileSync(path.join(keysDir, 'pseudonym.key'), randomBytes(32).toString('base64'));
  const operatorToken = randomBytes(24).toString('base64url');
  writeFileSync(path.join(keysDir, 'operator.token'), operatorToken);
  const registry: RunningRegistry = await startRegistry({
    brokers: kafkaBrokers(),
    logger,
    topic: uniqueName('_relais_schemas.notifier'),
    leaderGroup: uniqueName('relais-registry.notifier'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog: loadCatalog().catalog,
    keysDir,
  });
  const kafka = testKafka('notifier-test');
  const agency = uniqueName('relais').replace(/[^a-z0-9-]/gi, '-');
  const names = {
    entitlements: uniqueName('relais.entitlements'),
    notices: uniqueName('relais.notices'),
    changelog: uniqueName('relais.notifier.notices'),
    preferences: uniqueName('relais.notice-preferences'),
    pseudonyms: uniqueName('relais.pseudonyms'),
    consents: uniqueName('relais.consents'),
    mandates: uniqueName('relais.mandates'),
    counterActions: uniqueName('relais.counter-actions'),
  };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: topics.deliveries.name(agency), numPartitions: PARTITIONS },
      { topic: names.entitlements, numPartitions: PARTITIONS },
    ],
  });
  await admin.disconnect();
  const groupPrefix = uniqueName('relais-notifier');
  const producer: RelaisProducer = createProducer(kafka);
  await producer.connect();
  const serde = new AvroSerde(registry.url);
  const schemaId = await serde.latestId('fr.gouv.relais.EntitlementDetermined');
  const running: RunningNotifier[] = [];
  const dataDir = (name: string) => path.join(root, name);

  return {
    kafka,
    keysDir,
    operatorToken,
    topics: names,
    dataDir,
    async start(name, over = {}) {
      const n = await startNotifier({
        brokers: kafkaBrokers(),
        logger: logger.child({ instance: name }),
        registryUrl: registry.url,
        keysDir,
        dataDir: dataDir(name),
        host: '127.0.0.1',
        port: 0,
        clock: fixedClock(AT),
        groupPrefix,
        instance: name,
        agency,
        partitions: PARTITIONS,
        entitlementsTopic: names.entitlements,
        noticesTopic: names.notices,
        changelogTopic: names.changelog,
        preferencesTopic: names.preferences,
        pseudonymTopic: names.pseudonyms,
        consentsTopic: names.consents,
        mandatesTopic: names.mandates,
        counterActionsTopic: names.counterActions,
        ...over,
      });
      running.push(n);
      return n;
    },
    async crash(n) {
      running.splice(running.indexOf(n), 1);
      await n.crash();
    },
    async stop(n) {
      running.splice(running.indexOf(n), 1);
      await n.close();
    },
    async produce(topic, records) {
      await producer.send(topic, records);
    },
    async encodeIssued(value) {
      return serde.encode(await serde.latestId('fr.gouv.relais.EntitlementNoticeIssued'), value);
    },
    async prefer(pseudonym, prefs) {
      await producer.send(names.preferences, [{ key: pseudonym, value: JSON.stringify(prefs) }]);
    },
    async determine(items) {
      const records = await Promise.all(
        items.map(async ({ pseudonym, event }) => ({
          key: pseudonym,
          value: await serde.encode(schemaId, event as unknown as Record<string, unknown>),
          headers: envelopeToHeaders({
            specversion: '1.0',
            id: event.decisionId,
            source: 'urn:relais:agency:relais',
            type: 'fr.gouv.relais.EntitlementDetermined',
            time: AT,
            datacontenttype: 'application/avro',
            purpose: 'proactive-eligibility',
            legalbasis: 'consent',
            consentid: 'consent-1',
          }),
        })),
      );
      await producer.send(names.entitlements, records);
    },
    async readAll(topic) {
      const ends = await topicEnds(kafka, topic);
      const total = ends.reduce((n, e) => n + Number(e.offset), 0);
      const records = total ? await readTopic(kafka, topic, total, 30_000) : [];
      return records.map((r) => ({
        key: r.key?.toString() ?? '',
        partition: r.partition,
        headers: r.headers,
      }));
    },
    async close() {
      for (const n of running) await n.close().catch(() => undefined);
      await producer.disconnect();
      await registry.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
