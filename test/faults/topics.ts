// Reads a whole topic as it stands (every partition to the end offset it had when asked), headers
// as strings and the broker's timestamps: what the checker holds the services' effects against.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';
import { headersToStrings } from '@relais/kit';

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The record's timestamp: the broker's append time on the topics that use LogAppendTime. */
  timestamp: number;
}

async function retry<T>(what: string, run: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await run();
    } catch (err) {
      if (Date.now() > until) throw new Error(`${what}: ${String(err)}`, { cause: err });
      await sleep(500);
    }
  }
}

/** Every record of `topics` up to their current ends; a topic that does not exist reads empty. */
export async function readTopics(kafka: Kafka, topics: string[]): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  try {
    const existing = new Set(await retry('list topics', () => admin.listTopics()));
    for (const topic of topics.filter((t) => existing.has(t))) {
      const offsets = await retry(`end offsets of ${topic}`, () => admin.fetchTopicOffsets(topic));
      for (const p of offsets)
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}/${p.partition}`, Number(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];
  const wanted = [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))))];
  const records: TopicRecord[] = [];
  const next = new Map<string, number>();
  const consumer = kafka.consumer({
    groupId: `relais-faults-check-${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: wanted, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const offset = Number(message.offset);
        if (offset >= (ends.get(`${topic}/${partition}`) ?? 0)) return;
        records.push({
          topic,
          partition,
          offset,
          key: message.key?.toString() ?? '',
          value: message.value,
          headers: headersToStrings(message.headers),
          timestamp: Number(message.timestamp),
        });
        next.set(`${topic}/${partition}`, offset + 1);
      },
    });
    const until = Date.now() + 120_000;
    while ([...ends].some(([k, end]) => (next.get(k) ?? 0) < end)) {
      if (Date.now() > until) throw new Error('reading the topics to their end timed out');
      await sleep(100);
    }
  } finally {
    await consumer.disconnect();
  }
  return records;
}
