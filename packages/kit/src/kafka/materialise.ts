// A topic read into one embedded SQLite file per partition: the caller's tables, plus the next
// offset to apply, written in one transaction per fetched batch. The files, not a consumer group,
// say where each partition stands: a restart resumes from them, and a lost data directory (or one
// lost file) is rebuilt from the topic (BRIEF guarantees 6 and 7). What grows with citizens stays
// on disk, never in a process-wide Map.
//
// Waiters, resolved by the apply loop (no polling):
// - caughtUp(): every partition applied up to its end when start() was called (readiness);
// - waitFor(p, offset): that record was applied (read-your-writes after a produce);
// - waitUntil(p, instant): every record appended to p up to that log time was applied (the
//   router's "consent state at this event's position");
// - waitUntil(p, predicate): the partition's store satisfies the predicate;
// - waitForLatest(): everything on the topic when called was applied.
//
// Why a consumer group per start, never committed: kafkajs has no manual assignment
// (tulios/kafkajs#373), so the consumer joins a group no one else joins and its own assigner gives
// it exactly the partitions it materialises. A group without committed offsets is forgotten by the
// broker once its member leaves, and two processes given the same instance name both read every
// partition instead of silently splitting them (each would then miss half the state).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  AssignerProtocol,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type PartitionAssigner,
} from 'kafkajs';
import { systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../logging.ts';
import { batchTraceContext, inSpan, SpanKind } from '../telemetry/context.ts';
import { deadLetterRecord, PoisonRecordError } from './dead-letter.ts';
import type { RelaisProducer } from './producer.ts';
import { coordinates, toConsumedRecord, type ConsumedRecord } from './records.ts';
import { backoffDelay, type RetryPolicy } from './runner.ts';
import { ensureTopics, type TopicSpec } from './topics.ts';

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

interface PartitionFile<S> {
  db: DatabaseSync;
  state: S;
  setNext: StatementSync;
}

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A reading of the topic's end: every record appended before `at` has an offset below `highs`. */
interface Probe {
  at: number;
  highs: Promise<Map<number, number>>;
}

const defaultRetry: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 };

/** Assigns this group's one member the wanted partitions of the topic: manual assignment. */
function assignOnly(topic: string, wanted: readonly number[] | undefined): PartitionAssigner {
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

export function materialiseTopic<S, T = undefined>(
  options: MaterialiseOptions<S, T>,
): MaterialisedTopic<S> {
  const { topic, kafka } = options;
  const clock = options.clock ?? systemClock;
  const retry: RetryPolicy = { ...defaultRetry, ...options.retry };
  const stem = options.name ?? topic;
  const log = options.logger.child({ component: 'materialise', topic });
  const files = new Map<number, PartitionFile<S>>();
  const waiters = new Map<number, Waiter[]>();
  /** Per partition: a local time before which every record appended is applied. */
  const fresh = new Map<number, number>();
  let scope: number[] = [];
  let admin: Admin | undefined;
  let consumer: Consumer | undefined;
  let startProbe: Probe | undefined;
  let lastProbe: Probe | undefined;
  let stopped = false;

  const fileName = (partition: number) =>
    path.join(options.dataDir, `${stem}-p${partition}.sqlite`);

  /** Per partition: the next offset to apply, as stored (undefined: nothing applied yet). */
  const nexts = new Map<number, number | undefined>();

  function file(partition: number): PartitionFile<S> {
    let f = files.get(partition);
    if (f) return f;
    if (stopped) throw new Error(`${topic}/${partition}: materialiser stopped`);
    mkdirSync(options.dataDir, { recursive: true });
    const db = new DatabaseSync(fileName(partition));
    // synchronous=NORMAL: a transaction lost to a power cut is lost with its offset, and read
    // again from Kafka.
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY CHECK (id = 1), next_offset INTEGER NOT NULL);`);
    f = {
      db,
      state: options.open(db, partition),
      setNext: db.prepare(
        'INSERT INTO progress (id, next_offset) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET next_offset = excluded.next_offset',
      ),
    };
    const row = db.prepare('SELECT next_offset FROM progress WHERE id = 1').get() as
      { next_offset: number } | undefined;
    nexts.set(partition, row?.next_offset);
    files.set(partition, f);
    return f;
  }

  /** The stored next offset; undefined for a file that never applied anything. */
  const stored = (partition: number): number | undefined => {
    if (!nexts.has(partition)) file(partition);
    return nexts.get(partition);
  };
  const next = (partition: number): number => stored(partition) ?? 0;

  function release(partition: number): void {
    const list = waiters.get(partition);
    if (!list?.length) return;
    const still: Waiter[] = [];
    for (const w of list) {
      let ready: boolean;
      try {
        ready = w.ready();
      } catch (err) {
        w.reject(err);
        continue;
      }
      if (ready) w.resolve();
      else still.push(w);
    }
    waiters.set(partition, still);
  }

  function wait(
    partition: number,
    ready: () => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<void> {
    if (stopped) return Promise.reject(new Error(`${topic}/${partition}: materialiser stopped`));
    if (!admin) return Promise.reject(new Error(`${topic}: materialiser not started`));
    if (!scope.includes(partition))
      return Promise.reject(new Error(`${topic}/${partition}: not materialised here`));
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          waiters.set(
            partition,
            (waiters.get(partition) ?? []).filter((w) => w !== waiter),
          );
          reject(
            new CatchUpTimeout(
              `${topic}/${partition}: ${what} not applied within ${timeoutMs} ms (next offset to apply: ${nexts.get(partition) ?? 0})`,
            ),
          );
        }, timeoutMs);
      }
      waiters.set(partition, [...(waiters.get(partition) ?? []), waiter]);
    });
  }

  const timeoutOf = (o?: WaitOptions): number => o?.timeoutMs ?? options.timeoutMs ?? 30_000;

  function probe(): Probe {
    if (!admin) throw new Error(`${topic}: materialiser not started`);
    const at = clock.now().getTime();
    const highs = topicEnds(admin, topic);
    const p: Probe = { at, highs };
    lastProbe = p;
    // A failed reading is not reused.
    highs.catch(() => {
      if (lastProbe === p) lastProbe = undefined;
    });
    return p;
  }

  /** Waits until `partition` is applied up to the end `p` read; then it is fresh as of `p.at`. */
  async function settle(partition: number, p: Probe, timeoutMs: number): Promise<void> {
    const high = (await p.highs).get(partition) ?? 0;
    await wait(partition, () => next(partition) >= high, `offset ${high - 1}`, timeoutMs);
    fresh.set(partition, Math.max(fresh.get(partition) ?? -Infinity, p.at));
  }

  async function applyBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    const { partition } = batch;
    const f = file(partition);
    const from = next(partition);
    // Records applied before a restart or a seek are not applied again.
    const records = batch.messages
      .filter((m) => Number(m.offset) >= from)
      .map((m) => toConsumedRecord(topic, partition, m));
    const last = Number(batch.lastOffset());
    if (!records.length || last < from) {
      resolveOffset(batch.lastOffset());
      return;
    }

    // Decode outside the transaction; poison is dead-lettered before the offset moves past it.
    const decoded: Array<{ record: ConsumedRecord; value: T }> = [];
    for (const record of records) {
      for (let attempt = 1; ; attempt += 1) {
        // Stopping, or a seek made this batch stale: leave it (the file did not move).
        if (isStale() || !isRunning()) return;
        try {
          const value = options.decode ? await options.decode(record) : (undefined as unknown as T);
          decoded.push({ record, value });
          break;
        } catch (err) {
          const poison = err instanceof PoisonRecordError;
          const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          if (!poison && attempt >= retry.attempts && !options.deadLetter) {
            // Nowhere to put it: never skip a readable record; the batch is fetched again later.
            throw err;
          }
          if (poison || attempt >= retry.attempts) {
            await deadLetter(
              record,
              poison ? err.reason : 'retries-exhausted',
              poison ? err.message : message,
              attempt,
            );
            break;
          }
          const delay = backoffDelay(attempt, retry, Math.random);
          log.warn(
            { origin: coordinates(record), attempt, delayMs: delay, error: message },
            'decode failed; retrying',
          );
          await sleep(delay);
          await heartbeat();
        }
      }
    }

    const { parent, links } = batchTraceContext(records.map((r) => r.headers));
    await inSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.batch.message_count': records.length,
        },
        links,
      },
      parent,
      async () => {
        f.db.exec('BEGIN');
        try {
          for (const { record, value } of decoded) options.apply(f.state, record, value);
          f.setNext.run(last + 1);
          f.db.exec('COMMIT');
          nexts.set(partition, last + 1);
        } catch (err) {
          f.db.exec('ROLLBACK');
          const error = err instanceof Error ? err.message : String(err);
          log.error(
            { partition, from, to: last, error },
            'applying a batch failed; fetched again from the stored offset',
          );
          throw err;
        }
      },
    );
    resolveOffset(batch.lastOffset());
    release(partition);
  }

  async function deadLetter(
    record: ConsumedRecord,
    reason: string,
    error: string,
    attempts: number,
  ): Promise<void> {
    const dl = options.deadLetter;
    if (dl) {
      await dl.producer.send(dl.topic, [
        deadLetterRecord(record, {
          reason,
          error,
          attempts,
          group: dl.group ?? options.group,
          at: clock.now(),
        }),
      ]);
    }
    // The error text is Relais' own (fields and expectations, never values).
    log.warn(
      { reason, attempts, origin: coordinates(record), ...(dl ? { dlq: dl.topic } : {}) },
      dl ? 'record dead-lettered' : 'unreadable record skipped',
    );
  }

  return {
    topic,
    async start() {
      if (admin) throw new Error(`${topic}: materialiser already started`);
      admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, [
        ...(options.create ? [{ ...options.create, topic }] : []),
        ...(options.deadLetter ? [{ topic: options.deadLetter.topic }] : []),
      ]);
      startProbe = probe();
      const highs = await startProbe.highs;
      scope = [...highs.keys()]
        .filter((p) => !options.partitions || options.partitions.includes(p))
        .sort((a, b) => a - b);
      for (const p of scope) {
        // Beyond the topic's end: the file was made from an earlier topic of this name.
        if ((stored(p) ?? 0) > (highs.get(p) ?? 0)) {
          log.warn({ partition: p }, 'stored offset beyond the topic end; rebuilding the file');
          files.get(p)?.db.close();
          files.delete(p);
          nexts.delete(p);
          for (const suffix of ['', '-wal', '-shm']) rmSync(fileName(p) + suffix, { force: true });
          file(p);
        }
      }
      const groupId = `${options.group}.${randomBytes(4).toString('hex')}`;
      consumer = kafka.consumer({
        groupId,
        partitionAssigners: [assignOnly(topic, options.partitions)],
        maxWaitTimeInMs: options.maxWaitTimeMs ?? 100,
        allowAutoTopicCreation: false,
      });
      // The files, not the group (which never commits), say where each partition stands.
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const assigned = (event.payload.memberAssignment as Record<string, number[]>)[topic] ?? [];
        for (const partition of assigned) {
          const at = stored(partition);
          // Nothing stored: the group's default, the beginning of the partition.
          if (at !== undefined) consumer?.seek({ topic, partition, offset: String(at) });
        }
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: applyBatch,
      });
      log.info(
        { group: groupId, partitions: scope, resumeAt: scope.map((p) => stored(p) ?? 0) },
        'materialising',
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await consumer?.disconnect();
      await admin?.disconnect();
      for (const [partition, list] of waiters)
        for (const w of list) w.reject(new Error(`${topic}/${partition}: materialiser stopped`));
      waiters.clear();
      for (const f of files.values()) f.db.close();
      files.clear();
    },
    caughtUp(o) {
      const p = startProbe;
      if (!p) return Promise.reject(new Error(`${topic}: materialiser not started`));
      return Promise.all(scope.map((partition) => settle(partition, p, timeoutOf(o)))).then(
        () => undefined,
      );
    },
    waitFor(partition, offset, o) {
      return wait(partition, () => next(partition) > offset, `offset ${offset}`, timeoutOf(o));
    },
    async waitUntil(partition, until, o) {
      const timeoutMs = timeoutOf(o);
      if (typeof until === 'function')
        return wait(partition, () => until(file(partition).state), 'the condition', timeoutMs);
      const t = until.getTime();
      if ((fresh.get(partition) ?? -Infinity) > t) return;
      // A reading of the end begun after `t` covers it; else one begun now, after the call.
      const p = lastProbe && lastProbe.at > t ? lastProbe : probe();
      await settle(partition, p, timeoutMs);
    },
    async waitForLatest(o) {
      const p = probe();
      await Promise.all(scope.map((partition) => settle(partition, p, timeoutOf(o))));
    },
    store(partition) {
      if (!scope.includes(partition))
        throw new Error(`${topic}/${partition}: not materialised here`);
      return file(partition).state;
    },
    stores: () => (stopped ? [] : scope.map((partition) => file(partition).state)),
    positions: () => Object.fromEntries(scope.map((p) => [p, next(p)])),
  };
}

/**
 * The topic's end offsets. Right after a topic is created (or a leader moves) the broker may
 * answer "not the leader" once or twice: a retriable error, retried briefly before failing.
 */
async function topicEnds(
  admin: { fetchTopicOffsets(topic: string): Promise<Array<{ partition: number; high: string }>> },
  topic: string,
): Promise<Map<number, number>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 8) throw err;
      await sleep(Math.min(50 * 2 ** attempt, 1_000));
    }
  }
}
