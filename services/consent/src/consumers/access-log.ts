// relais.access-log → the citizens' transparency view. Records are Avro
// fr.gouv.relais.AccessRecorded in the Confluent wire format, key = the citizen's pivot, decoded
// with the schema they were written with (fields added later, such as the hash chain's, are not
// needed here). Delivered at least once: stored once per accessId.
import type { Kafka } from 'kafkajs';
import { asAgencyId, asConsentId, topics } from '@relais/contracts';
import type { AccessRecorded } from '@relais/contracts/generated';
import { asPivot, type Pivot } from '@relais/identity';
import {
  materialiseTopic,
  PoisonRecordError,
  type AvroSerde,
  type ConsumedRecord,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import type { AccessArchive } from '@relais/router/archive';
import {
  accessLogPartition,
  type AccessEntry,
  type AccessLegalBasis,
  type AccessLogPartition,
} from '../adapters/access-log-store.ts';

export interface AccessLogConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  serde: AvroSerde;
  topic: string;
  group: string;
  /** Records the topic no longer holds (dec-036): a lost data directory is rebuilt from both. */
  archive?: AccessArchive | undefined;
}

// Avro's LegalBasis symbols to the catalog's words (subscriptions.yaml, the `legalbasis` header):
// every symbol of the contract decided here (a new one fails to compile until it is).
const legalBases = {
  CONSENT: 'consent',
  LEGAL_OBLIGATION: 'legal-obligation',
  PUBLIC_TASK: 'public-task',
  UNKNOWN: 'unknown',
} as const satisfies Record<AccessRecorded['legalBasis'], AccessLegalBasis>;

const legalBasisOf = (symbol: string): AccessLegalBasis =>
  Object.hasOwn(legalBases, symbol)
    ? legalBases[symbol as AccessRecorded['legalBasis']]
    : 'unknown';

const isString = (v: unknown): v is string => typeof v === 'string';
const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The fields the view needs, checked: a record of another shape is poison, not a crash. */
export function toAccessEntry(value: unknown): AccessEntry {
  const v = (value ?? {}) as Record<string, unknown>;
  const bad: string[] = [];
  for (const f of [
    'accessId',
    'eventId',
    'recipient',
    'contract',
    'purpose',
    'legalBasis',
  ] as const)
    if (!isString(v[f])) bad.push(`/${f}: expected a string`);
  if (!Array.isArray(v['fields']) || !v['fields'].every(isString))
    bad.push('/fields: expected an array of strings');
  if (!(v['recordedAt'] instanceof Date) || Number.isNaN(v['recordedAt'].getTime()))
    bad.push('/recordedAt: expected a timestamp-millis');
  for (const f of ['consentId', 'traceId'] as const)
    if (v[f] !== undefined && !nullableString(v[f])) bad.push(`/${f}: expected null or a string`);
  if (bad.length)
    throw new PoisonRecordError(
      'access-log.not-access-recorded',
      `value: not an AccessRecorded (${bad.join('; ')})`,
    );
  const consentId = (v['consentId'] as string | null | undefined) ?? null;
  return {
    accessId: v['accessId'] as string,
    eventId: v['eventId'] as string,
    // Written by the router from the catalog.
    recipient: asAgencyId(v['recipient'] as string),
    contract: v['contract'] as string,
    fields: v['fields'] as string[],
    legalBasis: legalBasisOf(v['legalBasis'] as string),
    consentId: consentId === null ? null : asConsentId(consentId),
    purpose: v['purpose'] as string,
    recordedAt: (v['recordedAt'] as Date).toISOString(),
    traceId: (v['traceId'] as string | null | undefined) ?? null,
  };
}

/** One record of relais.access-log, as the citizen's view keeps it. */
export interface AccessRecord {
  pivot: Pivot;
  entry: AccessEntry;
  /** Its content as the router hashed it, and its hashes (null before the chain existed). */
  chain: { previousHash: string | null; hash: string | null; content: Record<string, unknown> };
}

/** The record as the chain hashed it: every field but `hash`, dates as RFC 3339. */
function chainContent(value: Record<string, unknown>): AccessRecord['chain'] {
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'hash') continue;
    content[k] = v instanceof Date ? v.toISOString() : v;
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { previousHash: text(value['previousHash']), hash: text(value['hash']), content };
}

/** Bytes to a record (the writer's schema, from the registry); another shape is poison. */
export async function decodeAccessRecord(
  record: Pick<ConsumedRecord, 'key' | 'value'>,
  deps: { serde: Pick<AvroSerde, 'decode'> },
): Promise<AccessRecord> {
  if (!record.key?.length)
    throw new PoisonRecordError('access-log.no-key', "key: expected the citizen's pivot");
  const { value } = await deps.serde.decode(record.value);
  // Relais' own topic, written by the router: the key is a pivot.
  return {
    pivot: asPivot(record.key.toString()),
    entry: toAccessEntry(value),
    chain: chainContent(value as Record<string, unknown>),
  };
}

/** The handler: the citizen's view takes the record, once per accessId. */
export function applyAccessRecord({
  event,
  deps,
}: {
  event: AccessRecord & { offset: number };
  deps: { accessLog: Pick<AccessLogPartition, 'add' | 'link'> };
}): void {
  deps.accessLog.add(event.pivot, event.entry);
  deps.accessLog.link(event.entry.accessId, { offset: event.offset, ...event.chain });
}

/** The archive's records as the consumer reads Kafka's. */
function archived(archive: AccessArchive, topic: string) {
  return function* (partition: number, from: number): Iterable<ConsumedRecord> {
    for (const r of archive.records(topic, partition, from))
      yield {
        topic,
        partition,
        offset: String(r.offset),
        timestamp: String(r.timestamp),
        key: r.key === null ? null : Buffer.from(r.key, 'utf8'),
        value: r.value,
        headers: {},
      };
  };
}

export function accessLogConsumer(
  deps: AccessLogConsumerDeps,
): MaterialisedTopic<AccessLogPartition> {
  return materialiseTopic<AccessLogPartition, AccessRecord>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    // v2: the files also hold each record's place in the hash chain; files of the first layout
    // are left alone and this one is built from the topic.
    name: 'access-log-v2',
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: accessLogPartition,
    ...(deps.archive ? { backfill: archived(deps.archive, deps.topic) } : {}),
    decode: (record) => decodeAccessRecord(record, deps),
    apply: (accessLog, record, event) =>
      applyAccessRecord({
        event: { ...event, offset: Number(record.offset) },
        deps: { accessLog },
      }),
  });
}
