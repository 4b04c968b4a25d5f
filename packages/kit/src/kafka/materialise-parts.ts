// The parts of materialiseTopic (materialise.ts) that are not its loop: its options and handle,
// the manual assignment it gives its one-member group, and reading the topic's end.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { AssignerProtocol, type Kafka, type PartitionAssigner } from 'kafkajs';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging.ts';
import type { RelaisProducer } from './producer.ts';
import type { ConsumedRecord } from './records.ts';
import type { RetryPolicy } from './runner.ts';
import type { TopicSpec } from './topics.ts';

export interface MaterialiseOptions<S, T = undefined> {
  kafka: Kafka;
  logger: Logger;
  topic: string;
  /**
   * Names the consumer group (`<group>.<random>`, one per start): say which service and instance
   * reads, for operators, e.g. `relais-router-consents.router-1`.
   */
  group: string;
  /** Folder of the files, `<name>-p<partition>.sqlite`. */
  dataDir: string;
  /** Stem of the file names (the topic name when unset). */
  name?: string;
  /** Creates the topic when it is missing; without it the topic must exist. */
  create?: Omit<TopicSpec, 'topic'>;
  /** Only these partitions (a restore of lost files); every partition of the topic when unset. */
  partitions?: readonly number[];
  /**
   * Creates the caller's tables in a partition's file and prepares its statements; called once
   * per file opened. The table `progress` is the primitive's own.
   */
  open: (db: DatabaseSync, partition: number) => S;
  /**
   * Bytes to a value, before the batch's transaction (may be async, e.g. Avro through the
   * registry). Throw PoisonRecordError for a record that can never be read: it goes to
   * `deadLetter` (without one it is logged by its coordinates and skipped) and the partition
   * moves on. Other errors are retried with backoff, then dead-lettered (without `deadLetter`,
   * the batch fails and is fetched again). Without `decode`, `apply` gets undefined.
   */
  decode?: (record: ConsumedRecord) => T | Promise<T>;
  /**
   * Applies one record, tombstones included (`record.value === null`): synchronous, inside the
   * transaction that also stores the partition's next offset. Throwing fails the whole batch
   * (rolled back, fetched again from the stored offset): keep bad input for `decode`.
   */
  apply: (store: S, record: ConsumedRecord, value: T) => void;
  /** Where poison goes (created if missing), e.g. `relais.dlq.<service>`. */
  deadLetter?: { topic: string; producer: RelaisProducer; group?: string };
  /** For decode failures other than poison; 5 attempts from 200 ms by default. */
  retry?: Partial<RetryPolicy>;
  /** What waitUntil(p, instant) compares log times with (the broker's clock, on LogAppendTime). */
  clock?: Clock;
  /** Default time a waiter waits (30 s); `Infinity` waits for ever. */
  timeoutMs?: number;
  /** Broker-side long poll; also how soon stop() returns from an idle fetch (100 ms). */
  maxWaitTimeMs?: number;
  /**
   * Records the topic no longer holds (expired by retention), from an archive: when a partition's
   * file stands before the topic's first offset (a lost data directory), start() applies the
   * archived records from the file's offset on, through `decode` and `apply`, before consuming.
   */
  backfill?: (partition: number, from: number) => Iterable<ConsumedRecord>;
}

export interface WaitOptions {
  /** `Infinity`: no time limit. */
  timeoutMs?: number;
}

export interface MaterialisedTopic<S> {
  readonly topic: string;
  /** Opens the files, creates the topic if asked, joins, resumes every partition from its file. */
  start(): Promise<void>;
  /** Lets the batch being applied finish, leaves the group, closes the files; waiters reject. */
  stop(): Promise<void>;
  /** Every partition applied up to its end when start() was called. */
  caughtUp(options?: WaitOptions): Promise<void>;
  /** The record at `offset` of `partition` was applied (or dead-lettered). */
  waitFor(partition: number, offset: number, options?: WaitOptions): Promise<void>;
  /**
   * An instant: every record appended to `partition` at or before that log time was applied.
   * (An instant in the past; one ahead of this clock is covered as far as the topic's end when
   * called.) A predicate: the partition's store satisfies it (checked now and after each batch).
   */
  waitUntil(
    partition: number,
    until: Date | ((store: S) => boolean),
    options?: WaitOptions,
  ): Promise<void>;
  /** Everything on the topic (every materialised partition) when called was applied. */
  waitForLatest(options?: WaitOptions): Promise<void>;
  /** The caller's handle on a partition's file (what `open` returned). */
  store(partition: number): S;
  /**
   * Every partition's handle, in partition order (a lookup that does not know the partition);
   * none before start() or after stop().
   */
  stores(): S[];
  /** Next offset to apply, per partition (readiness, operators). */
  positions(): Record<number, number>;
}

/** A waiter ran out of time; names the topic, the partition and what it waited for. */
export class CatchUpTimeout extends Error {
  override readonly name = 'CatchUpTimeout';
}

export interface PartitionFile<S> {
  db: DatabaseSync;
  state: S;
  setNext: StatementSync;
}

export interface Waiter {
  ready: () => boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A reading of the topic's end: every record appended before `at` has an offset below `highs`. */
export interface Probe {
  at: number;
  highs: Promise<Map<number, number>>;
}

export const defaultRetry: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 };

/** Assigns this group's one member the wanted partitions of the topic: manual assignment. */
export function assignOnly(
  topic: string,
  wanted: readonly number[] | undefined,
): PartitionAssigner {
  const name = 'RelaisMaterialise';
  return ({ cluster }) => ({
    name,
    version: 0,
    async assign({ members }) {
      const all = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      const partitions = wanted ? all.filter((p) => wanted.includes(p)) : all;
      return members.map(({ memberId }, i) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: i === 0 ? { [topic]: partitions } : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol: ({ topics }) => ({
      name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
  });
}

/**
 * The topic's end offsets. Right after a topic is created, or while a leader moves, the broker
 * may answer "not the leader" or not answer at all (kafkajs' fetchTopicOffsets gives up at once
 * on those): a retriable error, retried for `withinMs`. A leader killed outright is replaced only
 * once the controller fences it (9 s by default, 8.6–15.6 s measured by the fault campaign):
 * a service starting then must wait for it, not exit.
 */
export async function topicEnds(
  admin: { fetchTopicOffsets(topic: string): Promise<Array<{ partition: number; high: string }>> },
  topic: string,
  withinMs = 45_000,
): Promise<Map<number, number>> {
  const until = Date.now() + withinMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > until) throw err;
      await sleep(Math.min(50 * 2 ** attempt, 1_000));
    }
  }
}
