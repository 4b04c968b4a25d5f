// The flow index's reader: one consumer over every topic the console follows (index-records.ts),
// found by listing the broker's topics and recognising them by their declarations, again every
// `discoverEveryMs` (a new agency, a new dead-letter topic: the consumer restarts on the new set).
// Read-only and out of the services' way: its own group per start (`<group>.<random>`), which
// never commits — the index file says where each partition stands, as materialiseTopic does
// (kit); a batch's entries and its next offset are written in one transaction.
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { coordinates, toConsumedRecord, type AvroSerde, type Logger } from '@relais/kit';
import type { PartitionLag } from '../domain/views.ts';
import { classify, indexEntry, type TopicKind, type WatchedTopics } from './index-records.ts';
import type { IndexEntry } from '../domain/records.ts';
import type { IndexStore } from './index-store.ts';

export interface IndexerOptions {
  kafka: Kafka;
  logger: Logger;
  store: IndexStore;
  serde: Pick<AvroSerde, 'decode'>;
  watched: WatchedTopics;
  /** Names the consumer group (`<group>.<random>`, one per start). */
  group: string;
  /**
   * Where a partition the index never read starts: the first record appended at or after this
   * instant (tests on shared topics); its beginning when unset.
   */
  since?: Date;
  discoverEveryMs?: number;
  maxWaitTimeMs?: number;
}

export interface IndexerStats {
  /** Records applied (an entry kept, or nothing to keep). */
  applied: number;
  /** Records that could not be read (logged by their coordinates, never their content). */
  unreadable: number;
  /** Topics followed now. */
  topics: number;
  /** Times the consumer restarted on a new set of topics. */
  restarts: number;
}

interface Waiter {
  ready: () => boolean;
  resolve: () => void;
}

export class FlowIndexer {
  readonly stats: IndexerStats = { applied: 0, unreadable: 0, topics: 0, restarts: 0 };
  private readonly o: IndexerOptions;
  private readonly log: Logger;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private kinds = new Map<string, TopicKind>();
  /** Next offset to read, per topic and partition: applied, or where `since` starts it. */
  private readonly next = new Map<string, Map<number, number>>();
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private switching: Promise<void> = Promise.resolve();

  constructor(options: IndexerOptions) {
    this.o = options;
    this.log = options.logger.child({ component: 'flow-index' });
    for (const [topic, byPartition] of options.store.positions())
      this.next.set(topic, new Map(byPartition));
  }

  async start(): Promise<void> {
    this.admin = this.o.kafka.admin();
    await this.admin.connect();
    await this.discover();
    const every = this.o.discoverEveryMs ?? 60_000;
    this.timer = setInterval(() => {
      this.discover().catch((err: unknown) =>
        this.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'discovery'),
      );
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.switching.catch(() => undefined);
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }

  /** The topics followed now. */
  topics(): string[] {
    return [...this.kinds.keys()].sort();
  }

  /** Reads the broker's topics again; restarts the consumer when the set changed. */
  discover(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.stopped || !this.admin) return;
      const found = new Map<string, TopicKind>();
      for (const topic of await this.admin.listTopics()) {
        const kind = classify(topic, this.o.watched);
        if (kind) found.set(topic, kind);
      }
      const same =
        found.size === this.kinds.size && [...found.keys()].every((t) => this.kinds.has(t));
      if (same && this.consumer) return;
      this.kinds = found;
      this.stats.topics = found.size;
      await this.restart();
    };
    this.switching = this.switching.then(run, run);
    return this.switching;
  }

  private async restart(): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    if (this.consumer) {
      this.stats.restarts += 1;
      await this.consumer.disconnect();
      this.consumer = undefined;
    }
    const topics = this.topics();
    if (!topics.length) return;
    await this.startingPoints(admin, topics);
    const groupId = `${this.o.group}.${randomBytes(4).toString('hex')}`;
    const consumer = this.o.kafka.consumer({
      groupId,
      maxWaitTimeInMs: this.o.maxWaitTimeMs ?? 200,
      allowAutoTopicCreation: false,
    });
    // The index, not the group (which never commits), says where each partition stands.
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assigned = event.payload.memberAssignment as Record<string, number[]>;
      for (const [topic, partitions] of Object.entries(assigned))
        for (const partition of partitions) {
          const at = this.next.get(topic)?.get(partition);
          if (at !== undefined) consumer.seek({ topic, partition, offset: String(at) });
        }
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.applyBatch(payload),
    });
    this.consumer = consumer;
    this.log.info({ group: groupId, topics: topics.length }, 'indexing');
  }

  /** With `since`: where each partition never read starts (the first record at or after it). */
  private async startingPoints(admin: Admin, topics: string[]): Promise<void> {
    const since = this.o.since;
    if (!since) return;
    for (const topic of topics) {
      const known = this.next.get(topic) ?? new Map<number, number>();
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
      for (const { partition, offset } of offsets)
        if (!known.has(partition) && Number(offset) >= 0) known.set(partition, Number(offset));
      this.next.set(topic, known);
    }
  }

  private async applyBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const kind = this.kinds.get(topic);
    const from = this.next.get(topic)?.get(partition) ?? 0;
    const last = Number(batch.lastOffset());
    if (!kind || last < from) {
      resolveOffset(batch.lastOffset());
      return;
    }
    const entries: IndexEntry[] = [];
    for (const message of batch.messages) {
      if (Number(message.offset) < from) continue;
      if (isStale() || !isRunning()) return;
      const record = toConsumedRecord(topic, partition, message);
      try {
        const entry = await indexEntry(kind, record, this.o.watched, this.o.serde);
        if (entry) entries.push(entry);
      } catch (err) {
        // Read-only: the index writes no dead letter. It names the record, never its content.
        this.stats.unreadable += 1;
        this.log.warn(
          { origin: coordinates(record), error: err instanceof Error ? err.name : 'error' },
          'record not indexed: unreadable',
        );
      }
      this.stats.applied += 1;
    }
    this.o.store.apply(topic, partition, last + 1, entries);
    const byPartition = this.next.get(topic) ?? new Map<number, number>();
    byPartition.set(partition, last + 1);
    this.next.set(topic, byPartition);
    resolveOffset(batch.lastOffset());
    this.release();
  }

  private release(): void {
    if (!this.waiters.length) return;
    this.waiters = this.waiters.filter((w) => {
      if (!w.ready()) return true;
      w.resolve();
      return false;
    });
  }

  private wait(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`flow index: ${what} not indexed within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private position(topic: string, partition: number): number {
    return this.next.get(topic)?.get(partition) ?? 0;
  }

  /** That record was indexed (read-your-writes after a produce, e.g. the journal's). */
  waitFor(topic: string, partition: number, offset: number, timeoutMs = 15_000): Promise<void> {
    return this.wait(
      () => this.position(topic, partition) > offset,
      `${topic}/${partition}@${offset}`,
      timeoutMs,
    );
  }

  /** Each followed partition: its end now, where the index stands, and the difference. */
  async lag(): Promise<PartitionLag[]> {
    const admin = this.admin;
    if (!admin) return [];
    const out: PartitionLag[] = [];
    for (const topic of this.topics()) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        const at = Math.max(this.position(topic, o.partition), Number(o.low));
        const lag = Math.max(0, Number(o.high) - at);
        out.push({ topic, partition: o.partition, committed: String(at), end: o.high, lag });
      }
    }
    return out;
  }

  /** Every followed partition indexed up to its end as read now. */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const behind = (await this.lag()).filter((p) => p.lag > 0);
    await Promise.all(
      behind.map((p) => this.waitFor(p.topic, p.partition, Number(p.end) - 1, timeoutMs)),
    );
  }
}
