// The registry's storage: a compacted, single-partition Kafka topic read from the beginning by
// every instance (so a restart or a second instance rebuilds the same state, the same ids), and
// written by one instance at a time, the leader, elected through a Kafka consumer group.
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import {
  ensureTopics,
  systemClock,
  TOPIC_RESOURCE,
  type Clock,
  type Logger,
  type RelaisProducer,
} from '@relais/kit';
import { RegistryState, type AuditEntry, type StoreRecord } from '../domain/state.ts';
import type { WriteContext } from '../domain/write-policy.ts';
import { registryErrors } from '../errors.ts';
import { leaderAssigner } from './leader-assigner.ts';

export interface RegistryStoreOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  topic: string;
  /** Consumer group whose owner of partition 0 of `${topic}.leader` is the writer. */
  leaderGroup: string;
  instanceId: string;
  /** URL other instances forward writes to. */
  advertisedUrl: string;
  leaderEligible: boolean;
  replicationFactor?: number;
  writeTimeoutMs?: number;
  /** Dates the audit records. */
  clock?: Clock;
  /**
   * The most one write may append, in bytes; the storage topic's `max.message.bytes` (read from
   * the broker at start) when smaller.
   */
  maxWriteBytes?: number;
}

/** Kafka's record batch v2: a 61-byte header, and at most ~32 bytes of varints per record. */
const BATCH_OVERHEAD = 61;
const RECORD_OVERHEAD = 32;

/** What a write decides: the records to append, the answer, and details for its audit record. */
export interface WriteDecision<T> {
  records: StoreRecord[];
  result: T;
  details?: Record<string, unknown>;
}

export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  readonly leaderUrl: string | undefined;
  constructor(leaderUrl: string | undefined) {
    super(leaderUrl ? `the leader is ${leaderUrl}` : 'no leader');
    this.leaderUrl = leaderUrl;
  }
}

export class RegistryStore {
  readonly state = new RegistryState();
  private opts: RegistryStoreOptions;
  private reader: Consumer | undefined;
  private elector: Consumer | undefined;
  private admin: Admin | undefined;
  /** Offset of the last record applied to `state`. */
  private applied = -1;
  private waiters: Array<{ offset: number; resolve: () => void }> = [];
  private leader = false;
  /** This member holds partition 0 of the leader topic (its last assignment said so). */
  private owns = false;
  /** The running attempt to take the lead (one at a time). */
  private taking: Promise<void> | undefined;
  private stopping = false;
  private joined = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The largest write the storage topic takes (max.message.bytes), known after start(). */
  private maxWriteBytes: number;

  constructor(opts: RegistryStoreOptions) {
    this.opts = { ...opts };
    this.maxWriteBytes = opts.maxWriteBytes ?? Number.POSITIVE_INFINITY;
  }

  /** The largest write the storage topic takes, in bytes. */
  get writeLimit(): number {
    return this.maxWriteBytes;
  }

  /** Set once the HTTP server listens (its port may have been chosen by the OS). */
  setAdvertisedUrl(url: string): void {
    this.opts.advertisedUrl = url;
  }

  get instanceId(): string {
    return this.opts.instanceId;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** True once the election settled for this instance (it joined the group), or it never runs. */
  get electionSettled(): boolean {
    return this.joined || !this.opts.leaderEligible;
  }

  /** Where to forward writes: the leader's URL, unless this instance is the leader. */
  get leaderUrl(): string | undefined {
    const l = this.state.leader;
    return l && l.instanceId !== this.opts.instanceId ? l.url : undefined;
  }

  get leaderTopic(): string {
    return topics.registryLeader.name(this.opts.topic);
  }

  async start(): Promise<void> {
    const { kafka, topic, logger } = this.opts;
    this.admin = kafka.admin();
    await this.admin.connect();
    const rf = this.opts.replicationFactor ?? -1;
    await ensureTopics(this.admin, [
      { ...topics.schemas.spec(topic), replicationFactor: rf },
      { ...topics.registryLeader.spec(this.leaderTopic), replicationFactor: rf },
    ]);
    this.maxWriteBytes = Math.min(this.maxWriteBytes, await this.topicLimit());
    this.reader = kafka.consumer({
      groupId: `${topic}.reader.${this.opts.instanceId}`,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    await this.reader.connect();
    await this.reader.subscribe({ topic, fromBeginning: true });
    await this.reader.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          try {
            const key = JSON.parse(m.key?.toString() ?? 'null') as StoreRecord['key'];
            const value = m.value ? (JSON.parse(m.value.toString()) as unknown) : null;
            this.state.apply({ key, value } as StoreRecord);
          } catch (err) {
            // A foreign record on our topic must not stop the registry: skip it, loudly.
            logger.error(
              { offset: m.offset, err: (err as Error).message },
              'unreadable registry record skipped',
            );
          }
          this.applied = Number(m.offset);
        }
        this.releaseWaiters();
      },
    });
    await this.catchUp();
    logger.info(
      { schemas: this.state.schemas.size, subjects: this.state.subjects.size },
      'registry state loaded',
    );
    if (this.opts.leaderEligible) await this.startElection();
  }

  /** The storage topic's max.message.bytes (its own, or the broker's default it inherits). */
  private async topicLimit(): Promise<number> {
    try {
      const { resources } = await this.admin!.describeConfigs({
        resources: [
          {
            type: TOPIC_RESOURCE,
            name: this.opts.topic,
            configNames: ['max.message.bytes'],
          },
        ],
        includeSynonyms: false,
      });
      const value = Number(resources[0]?.configEntries[0]?.configValue);
      if (Number.isFinite(value) && value > 0) return value;
    } catch (err) {
      this.opts.logger.warn(
        { err: (err as Error).message },
        "could not read the storage topic's max.message.bytes",
      );
    }
    // Kafka's default message.max.bytes.
    return 1_048_588;
  }

  private releaseWaiters(): void {
    const ready = this.waiters.filter((w) => w.offset <= this.applied);
    this.waiters = this.waiters.filter((w) => w.offset > this.applied);
    for (const w of ready) w.resolve();
  }

  private waitForOffset(offset: number, timeoutMs: number): Promise<void> {
    if (offset <= this.applied) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            registryErrors.operationTimeout(
              `record ${offset} not read back within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Resolves once a leader is known (this instance or another one), or after `timeoutMs`. */
  async leaderKnown(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.leader && !(this.electionSettled && this.leaderUrl) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until every record written so far to the topic is applied (read-your-writes). */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const offsets = await this.admin!.fetchTopicOffsets(this.opts.topic);
    const high = Number(offsets.find((o) => o.partition === 0)?.high ?? 0);
    await this.waitForOffset(high - 1, timeoutMs);
  }

  private async startElection(): Promise<void> {
    const { kafka, logger } = this.opts;
    this.elector = kafka.consumer({
      groupId: this.opts.leaderGroup,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
      partitionAssigners: [leaderAssigner(() => this.leader)],
    });
    this.elector.on(this.elector.events.GROUP_JOIN, (event) => {
      const assignment = event.payload.memberAssignment as Record<string, number[]>;
      const owns = (assignment[this.leaderTopic] ?? []).includes(0);
      this.owns = owns;
      if (!owns) this.joined = true;
      if (owns && !this.leader) this.takeLead();
      else if (!owns && this.leader) {
        this.leader = false;
        logger.info('registry lead lost');
      }
    });
    this.elector.on(this.elector.events.CRASH, () => {
      this.leader = false;
      this.owns = false;
    });
    await this.elector.connect();
    await this.elector.subscribe({ topic: this.leaderTopic, fromBeginning: false });
    await this.elector.run({ autoCommit: false, eachBatch: async () => undefined });
  }

  /**
   * Takes the lead this member was assigned, trying again while it still holds the assignment: a
   * failed attempt (the storage topic not read back while brokers fail over) must not leave the
   * group's only holder of partition 0 a follower for ever — no rebalance comes to retry it, and
   * every write would answer "no leader" until a restart (the fault campaign's seed 2).
   */
  private takeLead(): void {
    this.taking ??= (async () => {
      for (let attempt = 1; this.owns && !this.leader && !this.stopping; attempt += 1) {
        try {
          await this.becomeLeader();
        } catch (err) {
          this.opts.logger.warn(
            { err: (err as Error).message, attempt },
            'could not take the registry lead yet; trying again',
          );
          await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5_000)));
        }
      }
    })().finally(() => {
      this.taking = undefined;
    });
  }

  private async becomeLeader(): Promise<void> {
    // Everything a previous leader wrote is applied before this one allocates an id.
    await this.catchUp();
    await this.appendRecords([
      {
        key: { keytype: 'LEADER' },
        value: {
          instanceId: this.opts.instanceId,
          url: this.opts.advertisedUrl,
          generation: Date.now(),
        },
      },
    ]);
    // A rebalance meanwhile may have given partition 0 to another member: then it leads.
    if (!this.owns || this.stopping) return;
    this.leader = true;
    this.joined = true;
    this.opts.logger.info({ url: this.opts.advertisedUrl }, 'this registry instance is the leader');
  }

  private async appendRecords(records: StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    const messages = records.map((r) => ({
      key: JSON.stringify(r.key),
      value: r.value === null ? null : JSON.stringify(r.value),
    }));
    // One produce is one record batch: refuse what the broker would refuse (MESSAGE_TOO_LARGE),
    // as the caller's bad input rather than a store failure.
    const bytes = messages.reduce(
      (n, m) =>
        n + RECORD_OVERHEAD + Buffer.byteLength(m.key) + (m.value ? Buffer.byteLength(m.value) : 0),
      BATCH_OVERHEAD,
    );
    if (bytes > this.maxWriteBytes)
      throw registryErrors.writeTooLarge(bytes, this.maxWriteBytes, this.opts.topic);
    let metadata;
    try {
      metadata = await this.opts.producer.send(this.opts.topic, messages);
    } catch (err) {
      throw registryErrors.storeError((err as Error).message);
    }
    const base = Number(metadata[0]?.baseOffset ?? metadata[0]?.offset ?? -1);
    await this.waitForOffset(base + records.length - 1, this.opts.writeTimeoutMs ?? 10_000);
  }

  /**
   * Runs a write on the leader, one at a time: `decide` reads the state (up to date) and returns
   * the records to append and the answer. Throws NotLeaderError on a follower. A write that
   * changes something appends, in the same produce, an audit record saying who changed what
   * (`by`), and logs it (roles and subjects only: nothing personal).
   */
  write<T>(decide: (state: RegistryState) => WriteDecision<T>, by?: WriteContext): Promise<T> {
    const run = async (): Promise<T> => {
      if (!this.leader) {
        if (!this.leaderUrl) throw registryErrors.unknownLeader();
        throw new NotLeaderError(this.leaderUrl);
      }
      const { records, result, details } = decide(this.state);
      if (records.length === 0 || !by) {
        await this.appendRecords(records);
        return result;
      }
      const entry: AuditEntry = {
        at: (this.opts.clock ?? systemClock).now().toISOString(),
        actor: by.actor,
        action: by.action,
        route: by.route,
        subject: by.subject,
        ...(by.permanent ? { permanent: true } : {}),
        ...details,
      };
      await this.appendRecords([
        ...records,
        { key: { keytype: 'AUDIT', id: randomUUID() }, value: entry },
      ]);
      this.opts.logger.info({ audit: entry }, 'registry changed');
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.leader) {
      // A clean stop says so, so that nobody forwards to a closed instance meanwhile.
      await this.appendRecords([{ key: { keytype: 'LEADER' }, value: null }]).catch(
        () => undefined,
      );
    }
    this.leader = false;
    await this.elector?.disconnect();
    await this.reader?.disconnect();
    await this.admin?.disconnect();
  }
}
