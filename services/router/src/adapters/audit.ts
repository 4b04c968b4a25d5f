// Reads relais.access-log partition by partition and verifies it.
// - auditAccessLog: the hash chains of what Kafka holds (the console's gauge, every minute); a
//   partition whose start expired is verified from its first record still held.
// - verifyAccessLog (`npm run audit:verify`): every record from the archive and Kafka against the
//   signed checkpoints (dec-036), naming what was edited, removed, inserted or reordered.
import type { Kafka } from 'kafkajs';
import type { JWK } from 'jose';
import type { AccessRecorded } from '@relais/contracts/generated';
import type { AvroSerde } from '@relais/kit';
import { verifyChain, type ChainedRecord, type ChainProblem } from '../domain/chain.ts';
import {
  mergeSources,
  verifyPartition,
  type CheckedCheckpoint,
  type LogRecord,
  type PartitionVerification,
} from '../domain/verify-log.ts';
import type { AccessArchive } from './archive.ts';
import { checkCheckpoint } from './checkpoint-key.ts';

export interface AuditReport {
  topic: string;
  partitions: Array<{ partition: number; records: number; head: string | null }>;
  problems: ChainProblem[];
}

interface RawRecord {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** Every record Kafka holds on `topic`, per partition, with each partition's first offset. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  timeoutMs = 60_000,
): Promise<Map<number, { low: number; records: RawRecord[] }>> {
  const admin = kafka.admin();
  await admin.connect();
  // Disconnected whatever happens: a missing topic must not leave a connection open.
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const out = new Map(
    offsets.map((o) => [o.partition, { low: Number(o.low), records: [] as RawRecord[] }]),
  );
  const expected = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const remaining = new Set(
    offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => o.partition),
  );
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({
    groupId: `relais-audit-${Date.now()}-${Math.random()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`audit: could not read ${topic} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            out.get(partition)?.records.push({ offset, key: message.key, value: message.value });
            if (offset >= (expected.get(partition) ?? 0) - 1) {
              remaining.delete(partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

export async function auditAccessLog(
  kafka: Kafka,
  serde: AvroSerde,
  topic: string,
  timeoutMs = 60_000,
): Promise<AuditReport> {
  const read = await readTopic(kafka, topic, timeoutMs);
  const problems: ChainProblem[] = [];
  const partitions = [];
  for (const partition of [...read.keys()].sort((a, b) => a - b)) {
    const { low, records: raw } = read.get(partition) ?? { low: 0, records: [] };
    const records: Array<{ at: string; record: ChainedRecord }> = [];
    for (const m of raw) {
      const { value } = await serde.decode<AccessRecorded>(m.value);
      records.push({
        at: `${topic}/${partition}@${m.offset}`,
        record: value as unknown as ChainedRecord,
      });
    }
    // Records before `low` expired (retention): the chain is checked from the first one held;
    // what expired is proven by the checkpoints and the archive (verifyAccessLog).
    const start = low > 0 ? (records[0]?.record.previousHash ?? null) : null;
    problems.push(...verifyChain(records, start));
    partitions.push({
      partition,
      records: records.length,
      head: records.at(-1)?.record.hash ?? null,
    });
  }
  return { topic, partitions, problems };
}

export interface AccessLogVerification {
  topic: string;
  partitions: PartitionVerification[];
  /** Checkpoints read (the topic's and the archive's, each once) and how many did not verify. */
  checkpoints: number;
}

/**
 * Every partition from the archive and Kafka, against every signed checkpoint (the checkpoints
 * topic and the archive's), checked with Relais' public keys alone.
 */
export async function verifyAccessLog(o: {
  kafka: Kafka;
  serde: Pick<AvroSerde, 'decode'>;
  topic: string;
  checkpointsTopic: string;
  archive?: AccessArchive | undefined;
  jwks: { keys: JWK[] };
  timeoutMs?: number;
}): Promise<AccessLogVerification> {
  const read = await readTopic(o.kafka, o.topic, o.timeoutMs);
  const admin = o.kafka.admin();
  await admin.connect();
  const exists = await admin
    .listTopics()
    .then((t) => t.includes(o.checkpointsTopic))
    .finally(() => admin.disconnect());
  const published = exists ? await readTopic(o.kafka, o.checkpointsTopic, o.timeoutMs) : new Map();
  const jwsByPartition = new Map<number, Set<string>>();
  const add = (partition: number, jws: string) =>
    jwsByPartition.set(partition, (jwsByPartition.get(partition) ?? new Set()).add(jws));
  for (const { records } of published.values())
    for (const r of records as RawRecord[])
      if (r.key && r.value) add(Number(r.key.toString()), r.value.toString('utf8'));
  const partitions = new Set([...read.keys(), ...(o.archive?.partitions(o.topic) ?? [])]);
  for (const p of partitions)
    for (const jws of o.archive?.checkpoints(o.topic, p) ?? []) add(p, jws);

  const decode = async (value: Buffer | null) =>
    (await o.serde.decode<Record<string, unknown>>(value)).value;
  const out: PartitionVerification[] = [];
  let count = 0;
  for (const partition of [...partitions].sort((a, b) => a - b)) {
    const checkpoints: CheckedCheckpoint[] = [];
    for (const jws of jwsByPartition.get(partition) ?? []) {
      const checked = await checkCheckpoint(jws, o.jwks);
      // One about another log or partition (a checkpoint copied elsewhere) proves nothing here.
      if (checked && checked.body.log === o.topic && checked.body.partition === partition)
        checkpoints.push(checked);
    }
    count += checkpoints.length;
    const kafkaRecords: LogRecord[] = [];
    for (const r of read.get(partition)?.records ?? [])
      kafkaRecords.push({ offset: r.offset, record: await decode(r.value), source: 'kafka' });
    // What Kafka also holds is compared with Kafka's copy in mergeSources.
    const archived: LogRecord[] = [];
    for (const r of o.archive?.records(o.topic, partition) ?? [])
      archived.push({ offset: r.offset, record: await decode(r.value), source: 'archive' });
    const where = (offset: number) => `${o.topic}/${partition}@${offset}`;
    const merged = mergeSources(where, archived, kafkaRecords);
    const verified = verifyPartition({
      topic: o.topic,
      partition,
      records: merged.records,
      checkpoints,
    });
    out.push({ ...verified, problems: [...merged.problems, ...verified.problems] });
  }
  return { topic: o.topic, partitions: out, checkpoints: count };
}
