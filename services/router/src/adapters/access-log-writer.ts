// Appends access records to relais.access-log, one hash chain per partition (the partition of
// the citizen's pivot, the same number as the event's). The chain head of each partition is kept
// in the router's SQLite file and read back from the topic's last record: at start, after a
// failed append, and when this router is given the partition (another router may have appended
// to it meanwhile: chaining on from an old head would fork the chain). Taking a partition over
// also answers which (event, recipient) were recorded lately, for the effects (dec-048).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Admin, Kafka } from 'kafkajs';
import type { AccessRecorded } from '@relais/contracts/generated';
import { asAgencyId, asEventId, topics, type AgencyId, type EventId } from '@relais/contracts';
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

/** The partition's end moved under this writer: another router appended to its chain. */
export class ChainMoved extends Error {
  constructor(topic: string, partition: number, expected: number, found: number, why?: string) {
    super(
      why
        ? `${topic}/${partition}: ${why}; judged again`
        : `${topic}/${partition} ends at ${found}, not at ${expected}: another router appended; the chain is read back`,
    );
    this.name = 'ChainMoved';
  }
}

export class AccessLogWriter {
  private readonly opts: AccessLogOptions;
  private readonly heads = new Map<number, string | null>();
  private schemaId = 0;
  private readonly queues = new Map<number, Promise<unknown>>();
  /** Partitions whose last append failed: what reached the topic is unknown until read back. */
  private readonly unsure = new Set<number>();
  private saveHead: StatementSync | undefined;
  /** Per partition taken over: the log time from which it was read back (until given away). */
  private readonly taken = new Map<number, number>();
  /**
   * Per partition, the end offset this writer expects: the end it read back, plus what it
   * appended since. Another end means another router appended meanwhile (a previous owner still
   * finishing an append when this one took over): the chain and the effects are read back first.
   */
  private readonly ends = new Map<number, number>();
  /** Partitions to read back (head and effects) before the next routing of their events. */
  private readonly readBack = new Set<number>();
  /** Per partition, how many times it was read back: a judgement made before one is stale. */
  private readonly readings = new Map<number, number>();
  private admin: Admin | undefined;

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
    this.admin = this.opts.kafka.admin();
    await this.admin.connect();
    const admin = this.admin;
    try {
      await ensureTopics(admin, [
        topics.accessLog.spec(this.topic, this.opts.partitions ?? DEFAULT_PARTITIONS),
      ]);
      // The topic, not the file, is the truth: a router killed between appending and saving its
      // head must not fork the chain when it comes back.
      await this.headsFromTopic(admin);
    } catch (err) {
      await admin.disconnect();
      this.admin = undefined;
      throw err;
    }
    this.schemaId = await this.opts.serde.latestId('fr.gouv.relais.AccessRecorded');
  }

  /** Closes the connection start() opened for the appends' end checks. */
  async stop(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  /** Whether `partition`'s head and effects must be read back before its events are routed. */
  needsReadBack(partition: number): boolean {
    return this.readBack.has(partition);
  }

  /**
   * How many times `partition` was read back so far. A caller judges its events (which are done)
   * after reading this, and hands it to appendMany: a read back in between (another topic's batch
   * of the same partition number took it over) makes the append refuse, and the events are judged
   * again with the effects it found.
   */
  reading(partition: number): number {
    return this.readings.get(partition) ?? 0;
  }

  private async endOf(partition: number): Promise<number> {
    if (!this.admin) {
      this.admin = this.opts.kafka.admin();
      await this.admin.connect();
    }
    return (await topicEnds(this.admin, this.topic)).get(partition) ?? 0;
  }

  /** Each partition's head from its last record (of `only` if given); none: the chain starts. */
  private async headsFromTopic(admin: Admin, only?: number): Promise<void> {
    const ends = await topicEnds(admin, this.topic);
    const wanted = [...ends].filter(([p]) => only === undefined || p === only);
    for (const [partition, high] of wanted) this.ends.set(partition, high);
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

  /**
   * This router was given `partition`: what another router appended to it is read back, from the
   * first record appended at or after `since` (a log time, ms) to the end. The chain goes on from
   * its last record; the (event, recipient) of the records read are returned (the effects a
   * previous owner left). Runs between appends to the partition, never during one.
   */
  takeOver(partition: number, since: number): Promise<Array<readonly [EventId, AgencyId]>> {
    return this.enqueue(partition, async () => {
      // Taken over already since then (another topic's partition of that number): all appended
      // after that is this router's own, its head and effects known here.
      const taken = this.taken.get(partition);
      if (taken !== undefined && taken <= since && !this.readBack.has(partition)) return [];
      const admin = this.opts.kafka.admin();
      await admin.connect();
      let from: number;
      let high: number;
      try {
        high = (await topicEnds(admin, this.topic)).get(partition) ?? 0;
        const at = await admin.fetchTopicOffsetsByTimestamp(this.topic, Math.max(0, since));
        const offset = Number(at.find((o) => o.partition === partition)?.offset ?? -1);
        // None appended since then (-1): only the last record, for the head.
        from = Math.min(offset < 0 ? high : offset, high - 1);
      } finally {
        await admin.disconnect();
      }
      this.unsure.delete(partition);
      this.readBack.delete(partition);
      this.ends.set(partition, high);
      this.readings.set(partition, this.reading(partition) + 1);
      if (high === 0) {
        this.setHead(partition, null);
        this.taken.set(partition, since);
        return [];
      }
      const records = await this.readRange(partition, Math.max(0, from), high);
      const last = records.at(-1);
      this.setHead(partition, last?.hash ?? null);
      this.taken.set(partition, since);
      return records.map((r) => [asEventId(r.eventId), asAgencyId(r.recipient)] as const);
    });
  }

  /** The group gave this router `partitions` alone: the others are taken over again if given back. */
  assigned(partitions: readonly number[]): void {
    for (const p of [...this.taken.keys()]) if (!partitions.includes(p)) this.taken.delete(p);
  }

  /** The records of `partition` from offset `from` up to `to` (excluded), in order. */
  private async readRange(partition: number, from: number, to: number): Promise<AccessRecorded[]> {
    const consumer = this.opts.kafka.consumer({
      groupId: `relais-router-takeover-${Date.now()}-${Math.random()}`,
      maxWaitTimeInMs: 50,
    });
    const out: AccessRecorded[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.topic}/${partition}: not read up to ${to} in 60 s`)),
          60_000,
        );
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          // Only this partition is read: the group's other partitions are paused at once.
          const others = (payload.memberAssignment[this.topic] ?? []).filter(
            (p) => p !== partition,
          );
          if (others.length) consumer.pause([{ topic: this.topic, partitions: others }]);
          consumer.seek({ topic: this.topic, partition, offset: String(from) });
        });
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              if (batch.partition !== partition) return;
              for (const message of batch.messages) {
                const offset = Number(message.offset);
                if (offset < from || offset >= to) continue;
                out.push((await this.opts.serde.decode<AccessRecorded>(message.value)).value);
                if (offset === to - 1) {
                  clearTimeout(timer);
                  resolve();
                }
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return out;
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
    /** reading(partition) when the caller judged these records due (see reading()). */
    judgedAt?: number,
  ): Promise<void> {
    if (entries.every((e) => e.records.length === 0))
      return alongside ? alongside().then(() => undefined) : Promise.resolve();
    const run = async (): Promise<void> => {
      // After a failed append or another router's appends, these records were judged without
      // what is on the chain now (records of a produce that failed but landed, or another
      // router's): reading the head alone would chain them on and record those deliveries
      // twice (the 3-instance fault campaign, dec-048). They are judged again after a read-back.
      if (judgedAt !== undefined && this.readBack.has(partition))
        throw new ChainMoved(this.topic, partition, -1, -1, 'to be read back before appending');
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
      if (judgedAt !== undefined && judgedAt !== this.reading(partition))
        throw new ChainMoved(this.topic, partition, -1, -1, 'read back since these were judged');
      // Compare and append: the partition must end where this writer left it, else another
      // router appended meanwhile and chaining on from this head would fork the chain.
      const end = await this.endOf(partition);
      const expected = this.ends.get(partition);
      if (expected !== undefined && end !== expected) {
        this.readBack.add(partition);
        this.unsure.add(partition);
        throw new ChainMoved(this.topic, partition, expected, end);
      }
      try {
        // Both publishes are made in the same tick: the kit's producer sends them together.
        await Promise.all([this.opts.producer.publish(this.topic, out), alongside?.()]);
      } catch (err) {
        // What reached the topic is unknown: its head and the effects recorded are read back.
        this.unsure.add(partition);
        this.readBack.add(partition);
        this.ends.delete(partition);
        throw err;
      }
      this.ends.set(partition, end + out.length);
      this.setHead(partition, previous);
    };
    return this.enqueue(partition, run);
  }

  /** Appends to one partition run one at a time (events of several topics share a partition). */
  private enqueue<T>(partition: number, run: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(partition) ?? Promise.resolve()).then(run, run);
    this.queues.set(
      partition,
      next.catch(() => undefined),
    );
    return next;
  }
}
