// The router: every canonical event, for every subscription of its contract — legal basis,
// consent at the event's position, minimisation, the recipient's pseudonym — to the recipient's
// deliveries topic, with one chained access record each. Denials are counted, never silent.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  decideConsent,
  loadCatalog,
  projectSchema,
  topics,
  type Catalog,
  type Contract,
} from '@relais/contracts';
import { derivePseudonym, pseudonymKeyIn, type Pivot } from '@relais/identity';
import {
  AvroSerde,
  checkCoPartitioned,
  createConsumerRunner,
  createHttpApp,
  createKafka,
  createProducer,
  currentTraceId,
  DEFAULT_PARTITIONS,
  envelopeFromHeaders,
  envelopeToHeaders,
  ensureTopics,
  PoisonRecordError,
  systemClock,
  type Clock,
  type Envelope,
  type Logger,
  type ConsumedRecord,
  type OutgoingRecord,
} from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import { AccessLogWriter, accessId } from './access-log/writer.ts';
import { ConsentVersions } from './consents/versions.ts';
import { project, route, type DenialReason } from './domain/route.ts';

export interface RouterOptions {
  brokers: string[];
  logger: Logger;
  registryUrl: string;
  keysDir: string;
  dataDir: string;
  instance: string;
  host: string;
  port: number;
  catalog?: Catalog;
  clock?: Clock;
  groupPrefix?: string;
  consentsTopic?: string;
  accessLogTopic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** A new consumer group starts from the beginning of the events (default) or from now (tests). */
  fromBeginning?: boolean;
}

export interface RouterStats {
  events: number;
  deliveries: number;
  denials: Record<DenialReason, number>;
  denialsByAgency: Record<string, Partial<Record<DenialReason, number>>>;
  duplicatesSkipped: number;
}

export interface RunningRouter {
  app: FastifyInstance;
  url: string;
  stats: RouterStats;
  close(): Promise<void>;
}

const legalBasisSymbol = {
  consent: 'CONSENT',
  'legal-obligation': 'LEGAL_OBLIGATION',
  'public-task': 'PUBLIC_TASK',
} as const;

export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? loadCatalog().catalog;
  const prefix = options.groupPrefix ?? 'relais-router';
  const contracts = new Map<string, Contract>(catalog.contracts.map((c) => [c.fullName, c]));
  // Read per event on the hot path: computed once.
  const subscriptionsOf = new Map(
    catalog.contracts.map((c) => [
      c.fullName,
      catalog.subscriptions.filter((s) => s.contract === c.fullName),
    ]),
  );
  const categoriesOf = new Map(
    catalog.contracts.map((c) => [
      c.fullName,
      new Map(c.fields.filter((f) => f.topLevel).map((f) => [f.name, f.category])),
    ]),
  );
  const sectors = new Map(catalog.agencies.map((a) => [a.id, a.sector]));
  const key = pseudonymKeyIn(options.keysDir);

  const kafka = createKafka({
    brokers: options.brokers,
    clientId: `relais-router-${options.instance}`,
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const serde = new AvroSerde(options.registryUrl);
  const admin = kafka.admin();
  await admin.connect();
  const domains = [...new Set(catalog.contracts.map((c) => c.domain))];
  const partitions = options.partitions ?? DEFAULT_PARTITIONS;
  const eventsTopics = domains.map((d) => topics.events.name(d));
  const consentsTopic = options.consentsTopic ?? topics.consents.name;
  const accessLogTopic = options.accessLogTopic ?? topics.accessLog.name;
  await ensureTopics(admin, [
    ...eventsTopics.map((t) => topics.events.spec(t, partitions)),
    topics.consents.spec(consentsTopic, partitions),
    topics.accessLog.spec(accessLogTopic, partitions),
    ...catalog.agencies.map((a) =>
      topics.deliveries.spec(topics.deliveries.name(a.id), partitions),
    ),
  ]);
  // An event is judged by the consent state of the same partition number, and its access record
  // chained in that partition: all three are keyed by pivot and must agree (guarantee 3).
  await checkCoPartitioned(admin, [...eventsTopics, consentsTopic, accessLogTopic], partitions);
  await admin.disconnect();

  // Each subscription's projection is a schema of its own, registered once: a delivery's value is
  // readable by any Confluent deserializer and carries only the allowed fields.
  const projectionIds = new Map<string, number>();
  for (const s of catalog.subscriptions) {
    const contract = contracts.get(s.contract);
    if (!contract) continue;
    projectionIds.set(
      s.id,
      await serde.register(`${s.contract}.${s.id}`, projectSchema(contract.schema, s.fields)),
    );
  }

  mkdirSync(options.dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(options.dataDir, 'router.sqlite'));
  db.exec(`PRAGMA journal_mode = WAL;
    CREATE TABLE IF NOT EXISTS effects (event_id TEXT NOT NULL, agency TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (event_id, agency)) WITHOUT ROWID;`);
  const effectDone = db.prepare('SELECT 1 FROM effects WHERE event_id = ? AND agency = ?');
  const markEffect = db.prepare(
    'INSERT OR IGNORE INTO effects (event_id, agency, at) VALUES (?, ?, ?)',
  );
  const pruneEffects = db.prepare('DELETE FROM effects WHERE at < ?');

  const consents = new ConsentVersions({
    kafka,
    logger,
    dataDir: path.join(options.dataDir, 'consents'),
    instance: `${prefix}.${options.instance}`,
    ...(options.consentsTopic ? { topic: options.consentsTopic } : {}),
    partitions,
  });
  const accessLog = new AccessLogWriter({
    kafka,
    producer,
    serde,
    db,
    logger,
    ...(options.accessLogTopic ? { topic: options.accessLogTopic } : {}),
    partitions,
  });

  const stats: RouterStats = {
    events: 0,
    deliveries: 0,
    denials: { 'no-subscription': 0, 'no-consent': 0, revoked: 0, expired: 0, 'unknown-agency': 0 },
    denialsByAgency: {},
    duplicatesSkipped: 0,
  };

  interface Decoded {
    envelope: Envelope;
    value: Record<string, unknown>;
    pivot: string;
  }

  const runner = createConsumerRunner<Decoded>({
    kafka,
    groupId: `${prefix}.events`,
    topics: eventsTopics,
    deadLetterTopic: topics.deadLetters.name('router'),
    producer,
    logger,
    commitEvery: 20,
    partitionsConsumedConcurrently: 3,
    fromBeginning: options.fromBeginning ?? true,
    // A router that dies is replaced within seconds, not the default half minute.
    sessionTimeoutMs: 10_000,
    decode: async (record) => {
      const envelope = envelopeFromHeaders(record.headers);
      if (!record.key?.length)
        throw new PoisonRecordError('event.no-key', 'key: expected the citizen pivot');
      if (!contracts.has(envelope.type))
        throw new PoisonRecordError(
          'event.unknown-contract',
          `ce_type: ${envelope.type} is not in the catalog`,
        );
      const { value } = await serde.decode<Record<string, unknown>>(record.value);
      return { envelope, value, pivot: record.key.toString() };
    },
    handle: async (value, { record }) => handleEvents([{ value, record }]),
    handleBatch: async (items) => handleEvents(items),
  });

  /**
   * Routes the events of one partition, in order: deliveries of all of them in one produce, then
   * their access records, chained in the same order, in another; effects are marked last, so a
   * crash in between repeats deliveries (the inbox drops them) rather than losing any.
   */
  async function handleEvents(
    items: Array<{ value: Decoded; record: ConsumedRecord }>,
  ): Promise<void> {
    const byTopic = new Map<string, OutgoingRecord[]>();
    const access: Array<{ pivot: string; records: Parameters<AccessLogWriter['append']>[2] }> = [];
    const effects: Array<[string, string]> = [];
    const partition = items[0]?.record.partition ?? 0;
    const traceId = currentTraceId() ?? null;
    for (const { value: event, record } of items) {
      const { envelope, value, pivot } = event;
      const contract = contracts.get(envelope.type) as Contract;
      const appendedAt = Number(record.timestamp);
      // The consent state at this event's position: every change appended before it, none after.
      await consents.ensureCaughtUp(record.partition, appendedAt);
      const doc = consents.at(record.partition, pivot, appendedAt);
      const categories = categoriesOf.get(contract.fullName);
      const { deliveries, denials } = route({
        contract: contract.fullName,
        subscriptions: subscriptionsOf.get(contract.fullName) ?? [],
        categoryOf: (field) => categories?.get(field),
        sectorOf: (a) => sectors.get(a),
        consent: (need) => decideConsent(doc, need, new Date(envelope.time)),
      });
      stats.events += 1;
      for (const d of denials) {
        stats.denials[d.reason] += 1;
        if (d.agency) {
          const byAgency = (stats.denialsByAgency[d.agency] ??= {});
          byAgency[d.reason] = (byAgency[d.reason] ?? 0) + 1;
        }
        logger.info(
          {
            event: envelope.id,
            contract: contract.fullName,
            recipient: d.agency,
            reason: d.reason,
          },
          'delivery denied',
        );
      }
      const todo = deliveries.filter((d) => {
        const done = effectDone.get(envelope.id, d.agency) !== undefined;
        if (done) stats.duplicatesSkipped += 1;
        return !done;
      });
      for (const d of todo) {
        // The delivery's envelope: the event's identity, this flow's purpose and legal basis.
        const headers = envelopeToHeaders({
          specversion: '1.0',
          id: envelope.id,
          source: envelope.source,
          type: envelope.type,
          time: envelope.time,
          datacontenttype: envelope.datacontenttype,
          purpose: d.subscription.purpose,
          legalbasis: d.legalBasis,
          ...(d.consentId ? { consentid: d.consentId } : {}),
        });
        const topic = topics.deliveries.name(d.agency);
        const records = byTopic.get(topic) ?? [];
        records.push({
          key: derivePseudonym(key, d.sector, pivot as Pivot),
          value: await serde.encode(
            projectionIds.get(d.subscription.id) ?? 0,
            project(value, d.fields),
          ),
          headers,
        });
        byTopic.set(topic, records);
        effects.push([envelope.id, d.agency]);
      }
      access.push({
        pivot,
        records: todo.map((d) => ({
          accessId: accessId(envelope.id, d.agency),
          eventId: envelope.id,
          recipient: d.agency,
          contract: contract.fullName,
          fields: d.fields,
          legalBasis: legalBasisSymbol[d.legalBasis],
          consentId: d.consentId,
          purpose: d.subscription.purpose,
          recordedAt: clock.now(),
          traceId,
        })),
      });
    }
    await Promise.all([...byTopic].map(([topic, records]) => producer.publish(topic, records)));
    await accessLog.appendMany(partition, access);
    const now = clock.now().getTime();
    for (const [eventId, agency] of effects) markEffect.run(eventId, agency, now);
    stats.deliveries += effects.length;
  }

  const app = await createHttpApp({
    logger,
    service: 'router',
    description: 'Tell-us-once fan-out. Counters at /metrics.',
  });
  app.get(
    '/metrics',
    { schema: { summary: 'Events routed, deliveries, denials by reason and agency' } },
    async () => stats,
  );
  const url = await app.listen({ host: options.host, port: options.port });
  await consents.start();
  await accessLog.start();
  await runner.start();
  const pruner = setInterval(
    () => pruneEffects.run(clock.now().getTime() - 7 * 86_400_000),
    3_600_000,
  );
  pruner.unref();
  logger.info({ url }, 'router started');
  return {
    app,
    url,
    stats,
    async close() {
      clearInterval(pruner);
      await app.close();
      await runner.stop();
      await consents.stop();
      await producer.disconnect();
      db.close();
    },
  };
}
