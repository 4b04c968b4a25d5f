// The consumer runner every Relais service uses.
//
// - eachBatch, offsets committed only after the records before them were handled;
// - transient failures retried a bounded number of times with exponential backoff and jitter;
// - poison records (PoisonRecordError, or retries exhausted) to a dead-letter topic with their
//   reason and coordinates, then the partition moves on (BRIEF guarantee 5);
// - a failure to dead-letter (Kafka itself is failing) fails the batch: nothing is committed
//   past it and kafkajs restarts the consumer from the last commit (at-least-once);
// - stop() (SIGTERM) finishes the in-flight batch within a grace period, commits, disconnects;
// - what it did (records processed by topic, dead letters by reason, retries, lag by partition)
//   is kept in `stats`, which the service's metrics read at scrape time.
// - an operator's replay meant for another group (kafka/replay.ts) is skipped and counted, never
//   handled: only the group that dead-lettered a record sees it again.
import { SpanKind } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging.ts';
import { batchTraceContext, extractTraceContext, inSpan } from '../telemetry/context.ts';
import { serviceAttribute } from '../telemetry/service-name.ts';
import { coPartitionedAssigners } from './assigners.ts';
import { kafkaService } from './client.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { ConsumerStats, ServiceMetrics } from '../metrics/registry.ts';
import { deadLetterRecord, PoisonRecordError } from './dead-letter.ts';
import type { RelaisProducer } from './producer.ts';
import { coordinates, toConsumedRecord, type ConsumedRecord } from './records.ts';
import { isReplayForAnotherGroup } from './replay.ts';
import { ensureTopics } from './topics.ts';
import { backoffDelay, defaultRetry, isKafkaFailure, type RetryPolicy } from './retry.ts';

export { backoffDelay, type RetryPolicy } from './retry.ts';

export interface HandlerContext {
  record: ConsumedRecord;
  logger: Logger;
  attempt: number;
  /**
   * Whether this member still owns the record's partition: false once the group went on without
   * it (its session expired during a long handler) or gave the partition to another member. Check
   * it right before an effect another owner must not also make (an appended chain link).
   */
  owned: () => boolean;
}

export interface ConsumerRunnerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /**
   * Where poison records go; created if missing. Convention: `relais.dlq.<service>`. A function
   * routes per record (e.g. one rejects topic per agency); its topics must exist.
   */
  deadLetterTopic: string | ((record: ConsumedRecord) => string);
  producer: RelaisProducer;
  logger: Logger;
  /** Bytes to a typed value. Throw PoisonRecordError for input that can never be read. */
  decode: (record: ConsumedRecord) => T | Promise<T>;
  handle: (value: T, ctx: HandlerContext) => Promise<void>;
  /**
   * Optional: handles every decoded record of a fetched batch at once (one produce for many
   * records). If it throws, the batch falls back to `handle`, record by record, with its retries
   * and dead letters — so a poison record still only costs itself.
   */
  handleBatch?: (
    items: Array<{ value: T; record: ConsumedRecord }>,
    logger: Logger,
    context: Pick<HandlerContext, 'owned'>,
  ) => Promise<void>;
  fromBeginning?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Commit after this many handled records within a batch (and always at its end). */
  commitEvery?: number;
  /** How long stop() lets the in-flight batch run before committing what is done. */
  shutdownGraceMs?: number;
  /** Called for each dead letter (metrics, reject lists). */
  onDeadLetter?: (record: ConsumedRecord, reason: string, error: string) => void;
  /** For tests: time between retries. */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
  clock?: Clock;
  sessionTimeoutMs?: number;
  /** Broker-side long-poll wait; also bounds how long stop() waits for an idle fetch. */
  maxWaitTimeMs?: number;
  partitionsConsumedConcurrently?: number;
  /** The service's metrics: this group's records, dead letters, retries and lag are exposed. */
  metrics?: ServiceMetrics;
  /**
   * Called before the first batch of a partition this member was given (at start and after each
   * rebalance that moved it here), awaited before the batch is handled: the place to bring the
   * partition's state up to date (a chain head, a store restored from its changelog) when another
   * instance owned it. Throwing fails the batch (fetched again, the hook called again). `first` is
   * the batch's first record: where the group's committed position stands (its log time bounds
   * what a previous owner may have done with the records from there on).
   */
  onPartitionAssigned?: (topic: string, partition: number, first: ConsumedRecord) => Promise<void>;
  /**
   * Co-partitioned topics whose partition P shares state (kafka/assigners.ts): partition P of
   * every topic goes to the same member of the group.
   */
  assignByPartitionNumber?: boolean;
}

export interface ConsumerRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly consumer: Consumer;
  readonly groupId: string;
  /**
   * Records handled, dead-lettered and retried since start, operators' replays meant for another
   * consumer group (skipped), and the lag as of the latest batch.
   */
  readonly stats: ConsumerStats;
}

export function createConsumerRunner<T>(options: ConsumerRunnerOptions<T>): ConsumerRunner {
  const retry: RetryPolicy = { ...defaultRetry, ...options.retry };
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const random = options.random ?? Math.random;
  const clock = options.clock ?? systemClock;
  const commitEvery = options.commitEvery ?? 100;
  const graceMs = options.shutdownGraceMs ?? 20_000;
  const log = options.logger.child({ component: 'consumer', group: options.groupId });
  const stats: ConsumerStats = {
    handled: 0,
    deadLettered: 0,
    retried: 0,
    skippedReplays: 0,
    handledByTopic: {},
    deadLetteredByReason: {},
    lag: {},
  };
  options.metrics?.watchConsumer(options.groupId, stats);
  const countHandled = (topic: string, n: number): void => {
    stats.handled += n;
    stats.handledByTopic[topic] = (stats.handledByTopic[topic] ?? 0) + n;
  };
  /** Lag after `next` is the next offset to process: records from it up to the high watermark. */
  const setLag = (topic: string, partition: number, highWatermark: string, next: bigint): void => {
    const lag = BigInt(highWatermark) - next;
    (stats.lag[topic] ??= {})[partition] = lag > 0n ? Number(lag) : 0;
  };
  const service = serviceAttribute(kafkaService(options.kafka));
  let stopping: number | undefined; // when stop() was called
  let starting: Promise<void> | undefined;

  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
    retry: { retries: 10, initialRetryTime: 300 },
    ...(options.assignByPartitionNumber ? { partitionAssigners: coPartitionedAssigners } : {}),
  });

  async function deadLetter(
    record: ConsumedRecord,
    reason: string,
    error: string,
    attempts: number,
  ) {
    const topic =
      typeof options.deadLetterTopic === 'string'
        ? options.deadLetterTopic
        : options.deadLetterTopic(record);
    await options.producer.send(topic, [
      deadLetterRecord(record, {
        reason,
        error,
        attempts,
        group: options.groupId,
        at: clock.now(),
      }),
    ]);
    stats.deadLettered += 1;
    stats.deadLetteredByReason[reason] = (stats.deadLetteredByReason[reason] ?? 0) + 1;
    options.onDeadLetter?.(record, reason, error);
    log.warn({ reason, attempts, origin: coordinates(record), dlq: topic }, 'record dead-lettered');
  }

  /** Handles one record to completion: success or dead letter. Throws only if Kafka fails. */
  async function processRecord(record: ConsumedRecord): Promise<void> {
    const parent = extractTraceContext(record.headers);
    await inSpan(
      `${record.topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': record.topic,
          'messaging.destination.partition.id': String(record.partition),
          'messaging.kafka.offset': Number(record.offset),
          'messaging.consumer.group.name': options.groupId,
          ...service,
        },
      },
      parent,
      async () => {
        // Built on first use: a child logger per record is measurable at 30k records/s.
        let recordLogger: Logger | undefined;
        const recordLog = (): Logger =>
          (recordLogger ??= log.child({
            origin: coordinates(record),
            ce_id: record.headers['ce_id'],
          }));
        for (let attempt = 1; ; attempt += 1) {
          try {
            // A synchronous decoder's value is used as is: one await less per record.
            const decoded = options.decode(record);
            const value = decoded instanceof Promise ? await decoded : decoded;
            await options.handle(value, {
              record,
              attempt,
              owned: () => owns(record.topic, record.partition),
              get logger() {
                return recordLog();
              },
            });
            countHandled(record.topic, 1);
            return;
          } catch (err) {
            if (err instanceof PoisonRecordError) {
              await deadLetter(record, err.reason, err.message, attempt);
              return;
            }
            // Kafka itself failing, or the partition no longer this member's: fail the batch,
            // kafkajs restarts from the last commit (here or at the partition's new owner).
            if (isKafkaFailure(err) || !owns(record.topic, record.partition)) throw err;
            const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
            if (attempt >= retry.attempts) {
              await deadLetter(record, 'retries-exhausted', message, attempt);
              return;
            }
            stats.retried += 1;
            const delay = backoffDelay(attempt, retry, random);
            recordLog().warn(
              { attempt, delayMs: delay, error: message },
              'handler failed; retrying',
            );
            await wait(delay);
          }
        }
      },
    );
  }

  /**
   * What the group gave this member at its last join, and whether the group went on without it
   * since (a heartbeat answered that its membership or generation is gone).
   */
  const assignment = new Map<string, Set<number>>();
  let membershipLost = false;
  /**
   * Since when heartbeats fail without a word on membership (the coordinator moved, a broker is
   * down): past half the session timeout, the group may have gone on without this member, so its
   * partitions are not counted as owned until a heartbeat goes through again. A router whose
   * heartbeats met "not the coordinator" for 12 s went on appending to a partition another router
   * had been given, and forked its chain (the 3-instance fault campaign).
   */
  let unconfirmedSince: number | undefined;
  /**
   * When a heartbeat last went through (or the group was last joined), on the monotonic clock:
   * the broker counts the session in real time, whatever time the service's clock says (a test's
   * clock jumping days ahead must not cost this member its partitions).
   */
  let confirmedAt: number | undefined;
  const confirmWithinMs = (options.sessionTimeoutMs ?? 30_000) / 2;
  const owns = (topic: string, partition: number): boolean =>
    !membershipLost &&
    (unconfirmedSince === undefined || performance.now() - unconfirmedSince <= confirmWithinMs) &&
    (assignment.get(topic)?.has(partition) ?? false);
  /** Partitions (`topic\0partition`) whose onPartitionAssigned ran since they were given here. */
  const ready = new Set<string>();

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } =
      payload;
    // Heartbeats while the batch is handled, however long a handler waits (a store catching up,
    // a produce retried through a leader's failover): a member silent for its session timeout is
    // dropped, and the group gives its partitions to another while it goes on — two owners, a
    // forked access-log chain (the fault campaign with 3 routers). A rebalance then waits for this
    // member to finish the batch; a heartbeat answering that the group went on without it marks
    // its partitions as no longer owned.
    const beat = (): void => {
      heartbeat().catch((err: unknown) => {
        const type = (err as { type?: string }).type ?? '';
        // The coordinator answered: this member is still in the group, which is rebalancing (it
        // keeps its partitions until it joins again, and kafkajs does at its next fetch).
        if (type === 'REBALANCE_IN_PROGRESS') {
          unconfirmedSince = undefined;
          confirmedAt = performance.now();
          return;
        }
        // Unanswered since the last one that went through: the group may count from there.
        unconfirmedSince ??= confirmedAt ?? performance.now();
        if (['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID'].includes(type))
          membershipLost = true;
      });
    };
    // One now (kafkajs sends it only if its interval elapsed), then every second.
    beat();
    const keepAlive = setInterval(beat, 1_000);
    keepAlive.unref();
    let lastDone: string | undefined;
    let uncommitted = 0;
    let handledInBatch = 0;
    const owned = `${batch.topic}\u0000${batch.partition}`;
    const head = batch.messages[0];
    if (options.onPartitionAssigned && head && !ready.has(owned)) {
      await options.onPartitionAssigned(
        batch.topic,
        batch.partition,
        toConsumedRecord(batch.topic, batch.partition, head),
      );
      ready.add(owned);
    }
    const first = batch.messages[0]?.offset;
    if (first !== undefined)
      setLag(batch.topic, batch.partition, batch.highWatermark, BigInt(first));
    const commit = async (): Promise<void> => {
      if (lastDone === undefined || uncommitted === 0) return;
      const done = lastDone;
      const count = uncommitted;
      uncommitted = 0;
      setLag(batch.topic, batch.partition, batch.highWatermark, BigInt(done) + 1n);
      // The payload's commit with explicit offsets still works after stop() was called, where
      // consumer.commitOffsets() silently does nothing: the in-flight batch is committed on SIGTERM.
      try {
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(done) + 1n).toString() }],
            },
          ],
        });
      } catch (err) {
        uncommitted += count;
        throw err;
      }
      log.debug({ topic: batch.topic, partition: batch.partition, offset: done }, 'committed');
    };
    // Commits within a batch travel while the next records are handled (one in flight at a time,
    // each naming only records already handled); the batch's end waits for them and commits the
    // rest. A failed one fails the batch, as an awaited one did.
    let inFlight: Promise<void> | undefined;
    let commitFailed: { error: unknown } | undefined;
    const commitSoon = (): void => {
      if (inFlight) return;
      inFlight = commit()
        .catch((error: unknown) => void (commitFailed ??= { error }))
        .finally(() => {
          inFlight = undefined;
          // Records handled meanwhile (a handler may now wait a long time): commit them too.
          if (!commitFailed && uncommitted >= commitEvery) commitSoon();
        });
    };
    const idle = async (): Promise<void> => {
      while (inFlight) await inFlight;
    };
    const settleCommits = async (): Promise<void> => {
      await idle();
      if (commitFailed) throw commitFailed.error;
    };
    const records = batch.messages.map((m) => toConsumedRecord(batch.topic, batch.partition, m));
    // An operator's replay for another group: not this group's to handle (kafka/replay.ts).
    const skipped = (record: ConsumedRecord): boolean =>
      isReplayForAnotherGroup(record.headers, options.groupId);
    try {
      if (options.handleBatch && isRunning() && !isStale()) {
        // Decode everything first: a record that cannot be decoded goes the per-record way.
        const items: Array<{ value: T; record: ConsumedRecord }> = [];
        let decodable = true;
        for (const record of records) {
          if (skipped(record)) continue;
          try {
            const decoded = options.decode(record);
            items.push({ value: decoded instanceof Promise ? await decoded : decoded, record });
          } catch {
            decodable = false;
            break;
          }
        }
        if (decodable && items.length) {
          try {
            const { parent, links } = batchTraceContext(items.map((i) => i.record.headers));
            await inSpan(
              `${batch.topic} process`,
              {
                kind: SpanKind.CONSUMER,
                attributes: {
                  'messaging.system': 'kafka',
                  'messaging.operation.type': 'process',
                  'messaging.destination.name': batch.topic,
                  'messaging.destination.partition.id': String(batch.partition),
                  'messaging.batch.message_count': items.length,
                  'messaging.consumer.group.name': options.groupId,
                  ...service,
                },
                links,
              },
              parent,
              () =>
                (options.handleBatch as NonNullable<typeof options.handleBatch>)(items, log, {
                  owned: () => owns(batch.topic, batch.partition),
                }),
            );
            countHandled(batch.topic, items.length);
            stats.skippedReplays += records.length - items.length;
            const last = records.at(-1)?.offset;
            if (last !== undefined) {
              resolveOffset(last);
              lastDone = last;
              uncommitted += records.length;
            }
            return;
          } catch (err) {
            // Not this member's any more: nothing more of the batch is handled here.
            if (isKafkaFailure(err) || !owns(batch.topic, batch.partition)) throw err;
            log.warn(
              { error: err instanceof Error ? err.message : String(err), records: items.length },
              'batch handler failed; handling record by record',
            );
          }
        }
      }
      for (const record of records) {
        if (isStale()) break;
        // After stop(), finish the batch unless the grace period ran out.
        if (!isRunning() && (stopping === undefined || Date.now() - stopping > graceMs)) break;
        if (skipped(record)) stats.skippedReplays += 1;
        else await processRecord(record);
        resolveOffset(record.offset);
        lastDone = record.offset;
        uncommitted += 1;
        handledInBatch += 1;
        if (commitFailed) throw commitFailed.error;
        if (uncommitted >= commitEvery) commitSoon();
        // kafkajs only sends a heartbeat when its interval elapsed; asking every record costs.
        if (handledInBatch % 50 === 0) await heartbeat();
      }
    } finally {
      clearInterval(keepAlive);
      if (lastDone !== undefined)
        setLag(batch.topic, batch.partition, batch.highWatermark, BigInt(lastDone) + 1n);
      // Commit what was handled even when a later record failed the batch.
      await idle();
      if (!isStale()) await commit();
    }
    await settleCommits();
  }

  // After a rebalance, forget the lag of partitions this member no longer reads, and which of
  // them were brought up to date (one given back later may have moved on elsewhere meanwhile).
  // Any heartbeat that went through (kafkajs' own between fetches, or the batches' keep-alive)
  // confirms the membership again.
  consumer.on(consumer.events.HEARTBEAT, () => {
    unconfirmedSince = undefined;
    confirmedAt = performance.now();
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = payload.memberAssignment;
    assignment.clear();
    for (const [topic, partitions] of Object.entries(assigned))
      assignment.set(topic, new Set(partitions));
    membershipLost = false;
    unconfirmedSince = undefined;
    confirmedAt = performance.now();
    for (const owned of [...ready]) {
      const [topic = '', partition = ''] = owned.split('\u0000');
      if (!(assigned[topic] ?? []).includes(Number(partition))) ready.delete(owned);
    }
    for (const [topic, partitions] of Object.entries(stats.lag)) {
      const kept = new Set(assigned[topic] ?? []);
      for (const p of Object.keys(partitions).map(Number)) if (!kept.has(p)) delete partitions[p];
    }
  });

  return {
    consumer,
    groupId: options.groupId,
    stats,
    start() {
      starting ??= (async () => {
        const admin = options.kafka.admin();
        await admin.connect();
        try {
          if (typeof options.deadLetterTopic === 'string') {
            await ensureTopics(admin, [{ topic: options.deadLetterTopic }]);
          }
        } finally {
          await admin.disconnect();
        }
        await consumer.connect();
        await consumer.subscribe({
          topics: options.topics,
          fromBeginning: options.fromBeginning ?? true,
        });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
          eachBatch,
        });
        log.info({ topics: options.topics }, 'consumer started');
      })();
      return starting;
    },
    async stop() {
      if (!starting || stopping !== undefined) return;
      // A SIGTERM during start-up waits for the start to settle, then stops cleanly.
      await starting.catch(() => undefined);
      stopping = Date.now();
      // kafkajs waits for the running eachBatch to return before stop() resolves.
      await consumer.stop();
      await consumer.disconnect();
      const { handled, deadLettered, retried } = stats;
      log.info({ handled, deadLettered, retried }, 'consumer stopped');
    },
  };
}
