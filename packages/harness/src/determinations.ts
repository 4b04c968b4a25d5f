// A live reader of the eligibility service's determinations, as any consumer of the entitlements
// topic would see them, and the point it has read up to: a test that asserts nothing more was
// determined first waits for the reader to reach the topic's end, so a late one fails it.
import { createKafka, headersToStrings, type AvroSerde, type Logger } from '@relais/kit';
import { uniqueName, waitFor } from '@relais/testkit';
import type { Json } from './fixtures.ts';

export interface Determined {
  /** The Relais-sector pseudonym of the citizen. */
  key: string;
  value: Json;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export interface DeterminationsReader {
  /** Every determination read so far, in the order read. */
  readonly all: Determined[];
  /** Waits until every record the topic holds now has been read; answers all read. */
  readAll(timeoutMs?: number): Promise<Determined[]>;
  close(): Promise<void>;
}

export async function readDeterminations(options: {
  brokers: string[];
  logger: Logger;
  serde: AvroSerde;
  topic: string;
}): Promise<DeterminationsReader> {
  const all: Determined[] = [];
  // The next offset to read, per partition.
  const next = new Map<number, bigint>();
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: 'relais-harness-determinations',
    logger: options.logger,
  });
  const consumer = kafka.consumer({
    groupId: uniqueName('relais-harness-determinations'),
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const { value } = await options.serde.decode<Json>(message.value);
      all.push({
        key: message.key?.toString() ?? '',
        value,
        headers: headersToStrings(message.headers),
        partition,
        offset: message.offset,
      });
      next.set(partition, BigInt(message.offset) + 1n);
    },
  });
  return {
    all,
    async readAll(timeoutMs = 30_000) {
      const admin = kafka.admin();
      await admin.connect();
      // kafkajs gives up at once on a retriable answer (a partition whose leader is loading).
      const ends = await waitFor(() => admin.fetchTopicOffsets(options.topic), {
        what: `the end offsets of ${options.topic}`,
      }).finally(() => admin.disconnect());
      await waitFor(
        () => ends.every((p) => (next.get(p.partition) ?? BigInt(p.low)) >= BigInt(p.high)),
        { what: `the determinations on ${options.topic} read to their end`, timeoutMs },
      );
      return all;
    },
    close: () => consumer.disconnect(),
  };
}
