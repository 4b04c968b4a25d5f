// Reads a few records back by their coordinates (a replay needs the dead letter's key, value and
// headers, which the index never keeps). kafkajs has no manual assignment: a one-member group of
// its own, which never commits, seeks each partition to the first wanted offset and stops once
// every wanted record was read or is known to be gone.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { toConsumedRecord, type ConsumedRecord } from '@relais/kit';
import type { DeadLetterId } from '../domain/ids.ts';

const keyOf = (c: { topic: string; partition: number; offset: string }) =>
  `${c.topic}:${c.partition}:${c.offset}`;

/** The records at these coordinates; a coordinate below its partition's start (deleted) is absent. */
export async function fetchRecords(
  kafka: Kafka,
  group: string,
  wanted: readonly DeadLetterId[],
  timeoutMs = 15_000,
): Promise<Map<string, ConsumedRecord>> {
  const found = new Map<string, ConsumedRecord>();
  if (!wanted.length) return found;
  const admin = kafka.admin();
  await admin.connect();
  const pending = new Set<string>();
  const starts = new Map<string, Map<number, number>>();
  try {
    for (const topic of new Set(wanted.map((w) => w.topic))) {
      const bounds = new Map(
        (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o] as const),
      );
      for (const w of wanted.filter((x) => x.topic === topic)) {
        const b = bounds.get(w.partition);
        const offset = Number(w.offset);
        if (!b || offset < Number(b.low) || offset >= Number(b.high)) continue;
        pending.add(keyOf(w));
        const byPartition = starts.get(topic) ?? new Map<number, number>();
        byPartition.set(w.partition, Math.min(byPartition.get(w.partition) ?? offset, offset));
        starts.set(topic, byPartition);
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (!pending.size) return found;
  const consumer = kafka.consumer({
    groupId: `${group}.${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...starts.keys()], fromBeginning: false });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${pending.size} record(s) back took over ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [topic, byPartition] of starts)
          for (const [partition, offset] of byPartition)
            consumer.seek({ topic, partition, offset: String(offset) });
      });
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const k = keyOf({ topic, partition, offset: message.offset });
            if (!pending.delete(k)) return;
            found.set(k, toConsumedRecord(topic, partition, message));
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return found;
}
