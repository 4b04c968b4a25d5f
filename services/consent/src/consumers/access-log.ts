// relais.access-log → the citizens' transparency view. Records are Avro
// fr.gouv.relais.AccessRecorded in the Confluent wire format, key = the citizen's pivot, decoded
// with the schema they were written with (fields added later, such as the hash chain's, are not
// needed here). Delivered at least once: stored once per accessId.
import type { Kafka } from 'kafkajs';
import {
  materialiseTopic,
  PoisonRecordError,
  type AvroSerde,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { topics } from '@relais/contracts';
import {
  accessLogPartition,
  type AccessEntry,
  type AccessLogPartition,
} from '../store/access-log.ts';

export const ACCESS_LOG_TOPIC = topics.accessLog.name;

export interface AccessLogConsumerDeps {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  dataDir: string;
  serde: AvroSerde;
  topic: string;
  group: string;
}

// Avro's LegalBasis symbols to the catalog's words (subscriptions.yaml, the `legalbasis` header).
const legalBases: Record<string, string> = {
  CONSENT: 'consent',
  LEGAL_OBLIGATION: 'legal-obligation',
  PUBLIC_TASK: 'public-task',
  UNKNOWN: 'unknown',
};

const isString = (v: unknown): v is string => typeof v === 'string';
const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** The fields the view needs, checked: a record of another shape is poison, not a crash. */
export function toAccessEntry(value: unknown): AccessEntry {
  const v = (value ?? {}) as Record<string, unknown>;
  const bad: string[] = [];
  for (const f of ['accessId', 'recipient', 'contract', 'purpose', 'legalBasis'] as const)
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
  return {
    accessId: v['accessId'] as string,
    recipient: v['recipient'] as string,
    contract: v['contract'] as string,
    fields: v['fields'] as string[],
    legalBasis: legalBases[v['legalBasis'] as string] ?? 'unknown',
    consentId: (v['consentId'] as string | null | undefined) ?? null,
    purpose: v['purpose'] as string,
    recordedAt: (v['recordedAt'] as Date).toISOString(),
    traceId: (v['traceId'] as string | null | undefined) ?? null,
  };
}

export function accessLogConsumer(
  deps: AccessLogConsumerDeps,
): MaterialisedTopic<AccessLogPartition> {
  return materialiseTopic<AccessLogPartition, { pivot: string; entry: AccessEntry }>({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topic,
    group: deps.group,
    dataDir: deps.dataDir,
    name: 'access-log',
    deadLetter: { topic: topics.deadLetters.name('consent'), producer: deps.producer },
    open: accessLogPartition,
    decode: async (record) => {
      if (!record.key?.length)
        throw new PoisonRecordError('access-log.no-key', "key: expected the citizen's pivot");
      const { value } = await deps.serde.decode(record.value);
      return { pivot: record.key.toString(), entry: toAccessEntry(value) };
    },
    apply: (accessLog, _record, { pivot, entry }) => {
      accessLog.add(pivot, entry);
    },
  });
}
