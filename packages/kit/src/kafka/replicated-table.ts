// A table every instance of a service holds whole, replicated through a topic it materialises
// (materialiseTopic): a write is produced, then answered once this instance's own replica applied
// it (read-your-writes), so the first record by offset order decides, on every instance. What
// materialiseTopic does not say: start() waits for the whole topic, a write waits for its own
// record, housekeeping runs on a timer, and the records that cannot be read are counted by reason
// (materialiseTopic logs each one by its coordinates, or dead-letters it when given where).
import type { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging.ts';
import { PoisonRecordError } from './dead-letter.ts';
import {
  materialiseTopic,
  type MaterialisedTopic,
  type MaterialiseOptions,
} from './materialise.ts';
import type { RelaisProducer } from './producer.ts';
import type { ConsumedRecord } from './records.ts';
import type { TopicSpec } from './topics.ts';

/** What a replicated table is built from: the part its owner's options share with the others. */
export interface ReplicatedTableWiring {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  /**
   * The service's clock: housekeeping's time. (Waiting for a log time compares with the broker's,
   * as materialiseTopic does without a clock of its own.)
   */
  clock: Clock;
  /** The topic's declared name, or a test's own. */
  topic: string;
  /** Names its group, one per start: service and instance. */
  group: string;
  dataDir: string;
}

export interface ReplicatedTableOptions<S, T> extends ReplicatedTableWiring {
  /** Stem of the file names, `<name>-p<partition>.sqlite`. */
  name: string;
  /** The topic's declaration, created when missing. */
  create: Omit<TopicSpec, 'topic'>;
  /** The tables in a partition's file (`() => null` for a table kept in another store). */
  open: (db: DatabaseSync, partition: number) => S;
  /** Bytes to a value; throws PoisonRecordError, with its reason, for a record never readable. */
  decode: (record: ConsumedRecord) => T;
  /** Applies a record inside its batch's transaction (see MaterialiseOptions.apply). */
  apply: (store: S, record: ConsumedRecord, value: T) => void;
  /** Run on every partition's store once caught up at start, then every `everyMs` (pruning). */
  housekeeping?: { everyMs: number; run: (store: S, nowMs: number) => void };
  /** Where poison goes; without it, logged by its coordinates and skipped (values stay unlogged). */
  deadLetter?: MaterialiseOptions<S, T>['deadLetter'];
}

export interface ReplicatedTable<S> extends Pick<
  MaterialisedTopic<S>,
  'topic' | 'store' | 'stores' | 'waitUntil' | 'waitForLatest' | 'positions'
> {
  /** Materialises the topic and resolves once everything on it at start is applied here. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Produces the record (a tombstone for `null`), resolves once this replica applied it. */
  write(key: string, value: string | null): Promise<void>;
  /** The first answer, partition by partition: a lookup that does not know the partition. */
  find<R>(read: (store: S) => R | undefined): R | undefined;
  /** The records found unreadable since start, by poison reason (each record counted once). */
  poisoned(): Readonly<Record<string, number>>;
}

export function replicatedTable<S, T>(o: ReplicatedTableOptions<S, T>): ReplicatedTable<S> {
  const poisoned: Record<string, number> = {};
  /** Per partition: the highest offset counted, so a batch fetched again is not counted twice. */
  const counted = new Map<number, number>();
  const replica = materialiseTopic<S, T>({
    kafka: o.kafka,
    logger: o.logger,
    topic: o.topic,
    group: o.group,
    dataDir: o.dataDir,
    name: o.name,
    create: o.create,
    open: o.open,
    decode(record) {
      try {
        return o.decode(record);
      } catch (err) {
        const offset = Number(record.offset);
        if (err instanceof PoisonRecordError && offset > (counted.get(record.partition) ?? -1)) {
          counted.set(record.partition, offset);
          poisoned[err.reason] = (poisoned[err.reason] ?? 0) + 1;
        }
        throw err;
      }
    },
    apply: o.apply,
    ...(o.deadLetter ? { deadLetter: o.deadLetter } : {}),
  });
  let timer: NodeJS.Timeout | undefined;

  return {
    topic: o.topic,
    async start() {
      await replica.start();
      await replica.caughtUp({ timeoutMs: Infinity });
      const housekeeping = o.housekeeping;
      if (!housekeeping) return;
      const run = (): void => {
        const now = o.clock.now().getTime();
        for (const store of replica.stores()) housekeeping.run(store, now);
      };
      run();
      timer = setInterval(run, housekeeping.everyMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await replica.stop();
    },
    async write(key, value) {
      const [meta] = await o.producer.send(o.topic, [{ key, value }]);
      if (!meta) throw new Error(`${o.topic}: no record metadata`);
      await replica.waitFor(meta.partition, Number(meta.baseOffset));
    },
    find(read) {
      for (const store of replica.stores()) {
        const found = read(store);
        if (found !== undefined) return found;
      }
      return undefined;
    },
    poisoned: () => ({ ...poisoned }),
    store: (partition) => replica.store(partition),
    stores: () => replica.stores(),
    waitUntil: (partition, until, options) => replica.waitUntil(partition, until, options),
    waitForLatest: (options) => replica.waitForLatest(options),
    positions: () => replica.positions(),
  };
}

/** How a JSON value reads, for jsonDecoder. */
export interface JsonRecordShape<T> {
  /** The poison when the value is not JSON or `read` refuses it: reason, and what was expected. */
  reason: string;
  expected: string;
  /** The poison when the record has no key (an empty one included); keys are not checked without. */
  key?: { reason: string; expected: string };
  /** What a tombstone means; without it a tombstone is poison. */
  tombstone?: (record: ConsumedRecord) => T;
  /** The parsed value as the table's type, or undefined when it is not one. */
  read: (value: unknown, record: ConsumedRecord) => T | undefined;
}

/** A decoder of JSON values: the typed value, or PoisonRecordError naming what was expected. */
export function jsonDecoder<T>(shape: JsonRecordShape<T>): (record: ConsumedRecord) => T {
  return (record) => {
    if (shape.key && !record.key?.toString('utf8'))
      throw new PoisonRecordError(shape.key.reason, shape.key.expected);
    if (record.value === null && shape.tombstone) return shape.tombstone(record);
    let value: T | undefined;
    try {
      value = shape.read(JSON.parse(record.value?.toString('utf8') ?? 'null'), record);
    } catch {
      /* below */
    }
    if (value === undefined) throw new PoisonRecordError(shape.reason, shape.expected);
    return value;
  };
}
