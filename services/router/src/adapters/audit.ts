// Reads relais.access-log partition by partition and verifies each hash chain.
import type { Kafka } from 'kafkajs';
import type { AccessRecorded } from '@relais/contracts/generated';
import type { AvroSerde } from '@relais/kit';
import { verifyChain, type ChainedRecord, type ChainProblem } from '../domain/chain.ts';

export interface AuditReport {
  topic: string;
  partitions: Array<{ partition: number; records: number; head: string | null }>;
  problems: ChainProblem[];
}

export async function auditAccessLog(
  kafka: Kafka,
  serde: AvroSerde,
  topic: string,
  timeoutMs = 60_000,
): Promise<AuditReport> {
  const admin = kafka.admin();
  await admin.connect();
  // Disconnected whatever happens: a missing topic must not leave a connection open.
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const byPartition = new Map<number, Array<{ at: string; record: ChainedRecord }>>();
  const remaining = new Set(
    offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => o.partition),
  );
  if (remaining.size > 0) {
    const consumer = kafka.consumer({
      groupId: `relais-audit-${Date.now()}-${Math.random()}`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`audit: could not read ${topic} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const { value } = await serde.decode<AccessRecorded>(message.value);
            const list = byPartition.get(partition) ?? [];
            list.push({
              at: `${topic}/${partition}@${message.offset}`,
              record: value as unknown as ChainedRecord,
            });
            byPartition.set(partition, list);
            if (Number(message.offset) >= (expected.get(partition) ?? 0) - 1) {
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
    await consumer.disconnect();
  }
  const problems: ChainProblem[] = [];
  const partitions = [...expected.keys()]
    .sort((a, b) => a - b)
    .map((partition) => {
      const records = byPartition.get(partition) ?? [];
      problems.push(...verifyChain(records));
      return { partition, records: records.length, head: records.at(-1)?.record.hash ?? null };
    });
  return { topic, partitions, problems };
}
