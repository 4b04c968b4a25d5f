// Routers on the run's broker with a registry of their own: the real catalog, and topics (events,
// deliveries, consents, access log, decisions, checkpoints) and groups unique to the test.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleMove, loadCatalog, topics } from '@relais/contracts';
import type { AccessRecorded } from '@relais/contracts/generated';
import { newPivot } from '@relais/identity';
import {
  AvroSerde,
  createKafka,
  createLogger,
  createProducer,
  envelopeToHeaders,
} from '@relais/kit';
import { startRegistry, type RunningRegistry } from '@relais/registry';
import { kafkaBrokers, readTopic, testKafka, uniqueName } from '@relais/testkit';
import type { RouterOptions } from '../src/index.ts';

export const ADDRESS = 'fr.gouv.residence.AddressChanged';

export interface World {
  registry: RunningRegistry;
  serde: AvroSerde;
  /** A router's options: its own data dir and instance name, everything else shared. */
  options(instance: string): Omit<RouterOptions, 'logger'>;
  topics: { events: string; accessLog: string; deliveries: (agency: string) => string };
  groupId: string;
  agencies: string[];
  /** Publishes one AddressChanged per pivot, as the gateway would (Avro, envelope headers). */
  publishMoves(count: number): Promise<string[]>;
  /** Every record of a topic written so far. */
  readAll(topic: string): Promise<Array<{ headers: Record<string, string>; value: Buffer | null }>>;
  accessRecords(): Promise<AccessRecorded[]>;
  close(): Promise<void>;
}

export const testLogger = (service: string) =>
  createLogger({ service, level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export async function startWorld(): Promise<World> {
  const { catalog } = loadCatalog();
  const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-router-keys-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-router-'));
  for (const [file, bytes] of [
    ['pseudonym.key', 32],
    ['operator.token', 24],
    ['steward.token', 24],
  ] as const)
    writeFileSync(path.join(keysDir, file), randomBytes(bytes).toString('base64'));
  const registry = await startRegistry({
    brokers: kafkaBrokers(),
    logger: testLogger('registry'),
    topic: uniqueName('_relais_schemas.router'),
    leaderGroup: uniqueName('relais-registry.router'),
    leaderEligible: true,
    defaultLevel: 'BACKWARD_TRANSITIVE',
    publishContracts: true,
    host: '127.0.0.1',
    port: 0,
    catalog,
    keysDir,
  });
  const serde = new AvroSerde(registry.url);
  const suffix = `.${uniqueName('t').slice(-8)}`;
  const names = {
    events: `${topics.events.name('residence')}${suffix}`,
    accessLog: uniqueName('relais.access-log'),
    deliveries: (agency: string) => `${topics.deliveries.name(agency)}${suffix}`,
  };
  const shared = {
    brokers: kafkaBrokers(),
    registryUrl: registry.url,
    keysDir,
    host: '127.0.0.1',
    port: 0,
    catalog,
    groupPrefix: uniqueName('relais-router'),
    topicSuffix: suffix,
    consentsTopic: uniqueName('relais.consents'),
    accessLogTopic: names.accessLog,
    routingDecisionsTopic: uniqueName('relais.routing-decisions'),
    checkpointsTopic: uniqueName('relais.access-log.checkpoints'),
    fromBeginning: true,
  };
  const kafka = createKafka({
    brokers: kafkaBrokers(),
    clientId: 'router-test',
    logger: testLogger('router-test'),
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const plumbing = testKafka();
  const readAll = async (topic: string) => {
    const admin = plumbing.admin();
    await admin.connect();
    const total = await admin
      .fetchTopicOffsets(topic)
      .then((os) => os.reduce((n, o) => n + Number(o.high) - Number(o.low), 0))
      .finally(() => admin.disconnect());
    return total ? readTopic(plumbing, topic, total) : [];
  };
  return {
    registry,
    serde,
    options: (instance) => ({ ...shared, instance, dataDir: path.join(dataDir, instance) }),
    topics: names,
    groupId: `${shared.groupPrefix}.events`,
    agencies: catalog.agencies.map((a) => a.id),
    async publishMoves(count) {
      const schemaId = await serde.latestId(ADDRESS);
      const ids = Array.from({ length: count }, () => randomUUID());
      const value = {
        ...exampleMove(),
        effectiveDate: '2026-11-01',
        declaredAt: '2026-11-02T09:30:00Z',
      };
      await producer.publish(
        names.events,
        await Promise.all(
          ids.map(async (id) => ({
            key: newPivot(),
            value: await serde.encode(schemaId, value),
            headers: envelopeToHeaders({
              specversion: '1.0',
              id,
              source: 'urn:relais:agency:mairie-lyon',
              type: ADDRESS,
              time: '2026-11-02T09:30:00Z',
              datacontenttype: 'application/avro',
            }),
          })),
        ),
      );
      return ids;
    },
    readAll,
    async accessRecords() {
      const records = await readAll(names.accessLog);
      return Promise.all(
        records.map(async (r) => (await serde.decode<AccessRecorded>(r.value)).value),
      );
    },
    async close() {
      await producer.disconnect();
      await registry.close();
      rmSync(keysDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
