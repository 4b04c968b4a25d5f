// The floor the router is compared to (issue 18): a bare loop on the same client (the kit's
// kafkajs client and producer) that consumes an event and produces 3 records for it — no
// decoding, no consent, no pseudonym, no access log — committing each fetched batch after the
// acknowledgements (acks=all), three partitions handled concurrently as the router does.
import type { Kafka } from 'kafkajs';
import { ensureTopics, type OutgoingRecord, type RelaisProducer } from '@relais/kit';

export interface BareLoopOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  stamp: string;
  events: number;
  partitions: number;
  /** Each event's value and key (the router's bench events). */
  record: (i: number) => OutgoingRecord;
}

/** Events per second through the loop, from its first fetched record to its last commit. */
export async function bareLoop(o: BareLoopOptions): Promise<number> {
  const input = `bench.bare.in.${o.stamp}`;
  const outputs = ['a', 'b', 'c'].map((s) => `bench.bare.out-${s}.${o.stamp}`);
  const admin = o.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [
    { topic: input, partitions: o.partitions },
    ...outputs.map((topic) => ({ topic, partitions: o.partitions })),
  ]);
  for (let i = 0; i < o.events; i += 1000) {
    const n = Math.min(1000, o.events - i);
    await o.producer.publish(
      input,
      Array.from({ length: n }, (_, j) => o.record(i + j)),
    );
  }
  const consumer = o.kafka.consumer({ groupId: `bench-bare-${o.stamp}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let seen = 0;
  let first = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: o.partitions,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      if (first === 0) first = performance.now();
      const last = batch.messages.at(-1)?.offset;
      if (last === undefined) return;
      await Promise.all(
        outputs.map((topic) =>
          o.producer.publish(
            topic,
            batch.messages.map((m) => ({ key: m.key ?? null, value: m.value ?? null })),
          ),
        ),
      );
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: String(BigInt(last) + 1n) }],
          },
        ],
      });
      seen += batch.messages.length;
      if (seen >= o.events) done();
    },
  });
  await finished;
  const secs = (performance.now() - first) / 1000;
  await consumer.disconnect();
  // Its topics are deleted with the run's others at the end: a producer that wrote to a deleted
  // topic fails its next metadata refresh (kafkajs keeps refreshing every topic it wrote to).
  await admin.disconnect();
  return o.events / secs;
}
