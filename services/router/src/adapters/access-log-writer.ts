// Appends access records to relais.access-log, one hash chain per partition (the partition of
// the citizen's pivot, the same number as the event's). The chain head of each partition is kept
// in the router's SQLite file and, on a fresh file, read back from the topic's last record.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Admin, Kafka } from 'kafkajs';
import type { AccessRecorded } from '@relais/contracts/generated';
import { topics } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import type { AvroSerde } from '@relais/kit';
import {
  DEFAULT_PARTITIONS,
  ensureTopics,
  topicEnds,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';
import type { UnchainedAccessRecord } from '../domain/access-record.ts';
import { chainHash, type ChainedRecord } from '../domain/chain.ts';

export const ACCESS_LOG_TOPIC = topics.accessLog.name;

export interface AccessLogOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  serde: AvroSerde;
  db: DatabaseSync;
  logger: Logger;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS): the events' and the consents'. */
  partitions?: number;
}

export class AccessLogWriter {
  private readonly opts: AccessLogOptions;
  private readonly heads = new Map<number, string | null>();
  private schemaId = 0;
  private readonly queues = new Map<number, Promise<unknown>>();
  /** Partitions whose last append failed: what reached the topic is unknown until read back. */
  private readonly unsure = new Set<number>();
  private saveHead: StatementSync | undefined;

  constructor(opts: AccessLogOptions) {
    this.opts = opts;
    opts.db.exec(
      'CREATE TABLE IF NOT EXISTS chain_heads (partition INTEGER PRIMARY KEY, hash TEXT)',
    );
  }

  get topic(): string {
    return this.opts.topic ?? ACCESS_LOG_TOPIC;
  }

  async start(): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        topics.accessLog.spec(this.topic, this.opts.partitions ?? DEFAULT_PARTITIONS),
      ]);
      // The topic, not the file, is the truth: a router killed between appending and saving its
      // head must not fork the chain when it comes back.
      await this.headsFromTopic(admin);
    } finally {
      await admin.disconnect();
    }
    this.schemaId = await this.opts.serde.latestId('fr.gouv.relais.AccessRecorded');
  }

  /** Each partition's head from its last record (of `only` if given); none: the chain starts. */
  private async headsFromTopic(admin: Admin, only?: number): Promise<void> {
    const ends = await topicEnds(admin, this.topic);
    const wanted = [...ends].filter(([p]) => only === undefined || p === only);
    for (const [partition, high] of wanted) if (high === 0) this.setHead(partition, null);
    const nonEmpty = wanted.filter(([, high]) => high > 0);
    if (nonEmpty.length)
      await this.readHeads(nonEmpty.map(([partition, high]) => ({ partition, last: high - 1 })));
  }

  /**
   * After a failed append some of its records may be on the topic (a produce that failed part
   * way, a producer replaced after a failover): chaining on from the head kept in memory would
   * fork the chain. The head is read back from the topic first (found by the fault campaign,
   * test/faults: an access-log chain failing verification after a leader failover).
   */
  private async headAfterFailure(partition: number): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      await this.headsFromTopic(admin, partition);
    } finally {
      await admin.disconnect();
    }
    this.unsure.delete(partition);
  }

  /** The chain goes on from the last record of each partition. */
  private async readHeads(partitions: Array<{ partition: number; last: number }>): Promise<void> {
    const consumer = this.opts.kafka.consumer({
      groupId: `relais-router-chain-${Date.now()}-${Math.random()}`,
      maxWaitTimeInMs: 50,
    });
    const pending = new Set(partitions.map((p) => p.partition));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const p of partitions)
          consumer.seek({ topic: this.topic, partition: p.partition, offset: String(p.last) });
      });
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const target = partitions.find((p) => p.partition === partition);
            if (!target || Number(message.offset) !== target.last || !pending.has(partition))
              return;
            const { value } = await this.opts.serde.decode<AccessRecorded>(message.value);
            this.setHead(partition, value.hash);
            pending.delete(partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
  }

  private setHead(partition: number, hash: string | null): void {
    this.heads.set(partition, hash);
    this.saveHead ??= this.opts.db.prepare(
      'INSERT INTO chain_heads (partition, hash) VALUES (?, ?) ON CONFLICT(partition) DO UPDATE SET hash = excluded.hash',
    );
    this.saveHead.run(partition, hash);
  }

  /** Chains and appends the records of one event (all on `partition`), acks=all. */
  append(partition: number, pivot: Pivot, records: UnchainedAccessRecord[]): Promise<void> {
    return this.appendMany(partition, [{ pivot, records }]);
  }

  /**
   * Chains and appends the records of several events of one partition, in order, in one produce.
   * `alongside` (the deliveries these records account for) is published in the same request:
   * the chain's head moves on only once both are acknowledged.
   */
  appendMany(
    partition: number,
    entries: Array<{ pivot: Pivot; records: UnchainedAccessRecord[] }>,
    alongside?: () => Promise<unknown>,
  ): Promise<void> {
    if (entries.every((e) => e.records.length === 0))
      return alongside ? alongside().then(() => undefined) : Promise.resolve();
    const run = async (): Promise<void> => {
      if (this.unsure.has(partition)) await this.headAfterFailure(partition);
      let previous = this.heads.get(partition) ?? null;
      const out = [];
      for (const { pivot, records } of entries) {
        for (const r of records) {
          const chained: AccessRecorded = { ...r, previousHash: previous, hash: null };
          chained.hash = chainHash(chained as unknown as ChainedRecord);
          previous = chained.hash;
          out.push({
            key: pivot,
            partition,
            value: await this.opts.serde.encode(this.schemaId, chained),
          });
        }
      }
      try {
        // Both publishes are made in the same tick: the kit's producer sends them together.
        await Promise.all([this.opts.producer.publish(this.topic, out), alongside?.()]);
      } catch (err) {
        this.unsure.add(partition);
        throw err;
      }
      this.setHead(partition, previous);
    };
    // Appends to one partition run one at a time: events of several topics share a partition.
    const next = (this.queues.get(partition) ?? Promise.resolve()).then(run, run);
    this.queues.set(
      partition,
      next.catch(() => undefined),
    );
    return next;
  }
}
