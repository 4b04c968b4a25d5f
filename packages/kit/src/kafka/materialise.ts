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
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { systemClock } from '../clock.ts';
import { batchTraceContext, inSpan, SpanKind } from '../telemetry/context.ts';
import { serviceAttribute } from '../telemetry/service-name.ts';
import { kafkaService } from './client.ts';
import { deadLetterRecord, PoisonRecordError } from './dead-letter.ts';
import { backfillFiles } from './materialise-backfill.ts';
import {
  assignOnly,
  CatchUpTimeout,
  defaultRetry,
  topicEnds,
  type MaterialisedTopic,
  type MaterialiseOptions,
  type PartitionFile,
  type Probe,
  type Waiter,
  type WaitOptions,
} from './materialise-parts.ts';
import { coordinates, toConsumedRecord, type ConsumedRecord } from './records.ts';
import { backoffDelay, type RetryPolicy } from './runner.ts';
import { ensureTopics } from './topics.ts';

export {
  CatchUpTimeout,
  topicEnds,
  type MaterialisedTopic,
  type MaterialiseOptions,
  type WaitOptions,
} from './materialise-parts.ts';

export function materialiseTopic<S, T = undefined>(
  options: MaterialiseOptions<S, T>,
): MaterialisedTopic<S> {
  const { topic, kafka } = options;
  const clock = options.clock ?? systemClock;
  const retry: RetryPolicy = { ...defaultRetry, ...options.retry };
  const stem = options.name ?? topic;
  const log = options.logger.child({ component: 'materialise', topic });
  const service = serviceAttribute(kafkaService(kafka));
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
          ...service,
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
      if (options.backfill)
        await backfillFiles(admin, scope, next, file, (p, to) => nexts.set(p, to), options, log);
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
