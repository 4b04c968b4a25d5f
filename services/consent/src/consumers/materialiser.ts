// A topic read into the local SQLite file, with the offset reached per partition written in the
// same transaction as the state it produced. The file, not the consumer group, says where each
// partition stands: on assignment the consumer seeks there (to 0 for a fresh file, so a wiped data
// dir is rebuilt from the topic whatever the group committed before). Records already applied
// are skipped, so a redelivery never moves the state backwards. Poison records go to the dead
// letter topic through the kit's runner; the partition moves on.
//
// `waitFor(partition, offset)` resolves once that record was applied: what gives writers
// read-your-writes, and the service its "caught up" readiness.
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import {
  createConsumerRunner,
  type ConsumedRecord,
  type ConsumerRunner,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';

export interface MaterialiserOptions<T> {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  db: DatabaseSync;
  topic: string;
  groupId: string;
  deadLetterTopic: string;
  /** Bytes to a value; throws PoisonRecordError for what can never be read. */
  decode: (record: ConsumedRecord) => T | Promise<T>;
  /** Synchronous SQLite writes; runs inside the transaction that records the offset. */
  apply: (value: T, record: ConsumedRecord) => void;
}

export interface Materialiser {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the record at `offset` of `partition` was applied (or dead-lettered). */
  waitFor(partition: number, offset: number, timeoutMs?: number): Promise<void>;
  /** Resolves once everything on the topic when called was applied. */
  catchUp(timeoutMs?: number): Promise<void>;
  /** Next offset to apply per partition (for readiness and operators). */
  positions(): Record<number, number>;
}

export class CatchUpTimeout extends Error {
  override readonly name = 'CatchUpTimeout';
}

export function createMaterialiser<T>(options: MaterialiserOptions<T>): Materialiser {
  const { db, topic } = options;
  const nextQ = db.prepare('SELECT next_offset FROM progress WHERE topic = ? AND partition = ?');
  const allQ = db.prepare('SELECT partition, next_offset FROM progress WHERE topic = ?');
  const setNext = db.prepare(
    `INSERT INTO progress (topic, partition, next_offset) VALUES (?, ?, ?)
     ON CONFLICT(topic, partition) DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)`,
  );
  const next = (partition: number): number =>
    (nextQ.get(topic, partition) as { next_offset: number } | undefined)?.next_offset ?? 0;

  let waiters: Array<{ partition: number; offset: number; resolve: () => void }> = [];
  const release = (): void => {
    if (!waiters.length) return;
    const ready = waiters.filter((w) => next(w.partition) > w.offset);
    if (!ready.length) return;
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  };

  const runner: ConsumerRunner = createConsumerRunner<T>({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [topic],
    deadLetterTopic: options.deadLetterTopic,
    producer: options.producer,
    logger: options.logger,
    fromBeginning: true,
    maxWaitTimeMs: 100,
    decode: options.decode,
    handle: async (value, { record }) => {
      const offset = Number(record.offset);
      if (offset < next(record.partition)) return; // applied before a restart or a rebalance
      db.exec('BEGIN');
      try {
        options.apply(value, record);
        setNext.run(topic, record.partition, offset + 1);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
      release();
    },
    onDeadLetter: (record) => {
      // Dead-lettered is done with: a writer waiting on it is answered, the partition goes on.
      setNext.run(topic, record.partition, Number(record.offset) + 1);
      release();
    },
  });

  const { consumer } = runner;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    const assigned = (event.payload.memberAssignment as Record<string, number[]>)[topic] ?? [];
    for (const partition of assigned) {
      consumer.seek({ topic, partition, offset: String(next(partition)) });
    }
  });

  const waitFor = (partition: number, offset: number, timeoutMs = 30_000): Promise<void> => {
    if (next(partition) > offset) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        partition,
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new CatchUpTimeout(`${topic}: partition ${partition} did not reach ${offset}`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };

  return {
    start: () => runner.start(),
    stop: () => runner.stop(),
    waitFor,
    async catchUp(timeoutMs = 30_000) {
      const admin = options.kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        await Promise.all(
          offsets
            .filter((o) => Number(o.high) > Number(o.low))
            .map((o) => waitFor(o.partition, Number(o.high) - 1, timeoutMs)),
        );
      } finally {
        await admin.disconnect();
      }
    },
    positions() {
      const rows = allQ.all(topic) as Array<{ partition: number; next_offset: number }>;
      return Object.fromEntries(rows.map((r) => [r.partition, r.next_offset]));
    },
  };
}
