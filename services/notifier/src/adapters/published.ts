// What a killed owner published on relais.notices but did not record on the changelog (dec-047):
// the records of one partition of relais.notices from an offset to its end now, by event id. The
// sender publishes a channel's final status, then records it with that record's offset; so a new
// owner reads only from the last offset its replica recorded for the partition, and what it finds
// there was published by an owner that died before recording it.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface Published {
  /** The record's `ce_id`: `<notice>.<channel>.<status>`. */
  id: string;
  offset: number;
  /** The broker's time of the record (ms). */
  timestamp: number;
}

/** The records of `partition` from `from` to the end (none when nothing was written since). */
export async function publishedSince(
  kafka: Kafka,
  opts: { topic: string; partition: number; from: number; group: string },
): Promise<Published[]> {
  const { topic, partition, from } = opts;
  const admin = kafka.admin();
  await admin.connect();
  let high: number;
  let low: number;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const o = offsets.find((x) => x.partition === partition);
    high = Number(o?.high ?? 0);
    low = Number(o?.low ?? 0);
  } finally {
    await admin.disconnect();
  }
  const start = Math.max(from, low);
  if (start >= high) return [];
  // kafkajs has no manual assignment: a group of one, never committed (as materialiseTopic does).
  const consumer = kafka.consumer({
    groupId: `${opts.group}.${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  const found: Published[] = [];
  let done: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    timer = setTimeout(
      () =>
        reject(new Error(`${topic}/${partition}: offsets ${start}-${high - 1} not read in time`)),
      15_000,
    );
  });
  await consumer.connect();
  try {
    consumer.on(consumer.events.GROUP_JOIN, () =>
      consumer.seek({ topic, partition, offset: String(start) }),
    );
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition: p, message }) => {
        if (p !== partition) return;
        const offset = Number(message.offset);
        if (offset < start) return;
        const id = message.headers?.['ce_id']?.toString();
        if (id && offset < high) found.push({ id, offset, timestamp: Number(message.timestamp) });
        if (offset >= high - 1) done();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return found;
}
