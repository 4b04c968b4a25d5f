// (sector, pseudonym) → pivot, for the events that enter with the publisher's pseudonym.
// Source of truth: the compacted topic `relais.pseudonyms`, keyed `<sector>:<pseudonym>`.
// Each partition is materialised in its own embedded SQLite file, with the offset it reached,
// so a restart resumes where it stopped and memory does not grow with the number of citizens.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Consumer, Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import { DEFAULT_PARTITIONS, ensureTopics, type Logger, type RelaisProducer } from '@relais/kit';
import { derivePseudonym, type Pivot, type Pseudonym } from './pseudonym.ts';

export const PSEUDONYM_TOPIC = topics.pseudonyms.name;

export interface DirectoryOptions {
  kafka: Kafka;
  producer: RelaisProducer;
  logger: Logger;
  key: Buffer;
  /** Folder of the SQLite files (one per partition). */
  dataDir: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS). */
  partitions?: number;
  /** A stable name per instance: its group's offsets match its files. */
  instance: string;
}

interface PartitionStore {
  db: DatabaseSync;
  get: StatementSync;
  put: StatementSync;
  del: StatementSync;
  setOffset: StatementSync;
}

export class PseudonymDirectory {
  private readonly opts: DirectoryOptions;
  private readonly stores = new Map<number, PartitionStore>();
  private consumer: Consumer | undefined;
  private readonly applied = new Map<number, number>();
  private waiters: Array<{ partition: number; offset: number; resolve: () => void }> = [];

  constructor(opts: DirectoryOptions) {
    this.opts = opts;
  }

  get topic(): string {
    return this.opts.topic ?? PSEUDONYM_TOPIC;
  }

  private store(partition: number): PartitionStore {
    let s = this.stores.get(partition);
    if (!s) {
      mkdirSync(this.opts.dataDir, { recursive: true });
      const db = new DatabaseSync(
        path.join(this.opts.dataDir, `${this.topic}-p${partition}.sqlite`),
      );
      db.exec(`PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS pseudonyms (key TEXT PRIMARY KEY, pivot TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY CHECK (id = 1), next_offset INTEGER NOT NULL);`);
      s = {
        db,
        get: db.prepare('SELECT pivot FROM pseudonyms WHERE key = ?'),
        put: db.prepare(
          'INSERT INTO pseudonyms (key, pivot) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET pivot = excluded.pivot',
        ),
        del: db.prepare('DELETE FROM pseudonyms WHERE key = ?'),
        setOffset: db.prepare(
          'INSERT INTO progress (id, next_offset) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET next_offset = excluded.next_offset',
        ),
      };
      this.stores.set(partition, s);
    }
    return s;
  }

  private nextOffset(partition: number): string | undefined {
    const row = this.store(partition)
      .db.prepare('SELECT next_offset FROM progress WHERE id = 1')
      .get() as { next_offset: number } | undefined;
    return row ? String(row.next_offset) : undefined;
  }

  async start(): Promise<void> {
    const { kafka, logger } = this.opts;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        topics.pseudonyms.spec(this.topic, this.opts.partitions ?? DEFAULT_PARTITIONS),
      ]);
    } finally {
      await admin.disconnect();
    }
    this.consumer = kafka.consumer({
      groupId: `relais-pseudonyms.${this.opts.instance}`,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    // The files, not the group, say where each partition stands: seek there on assignment.
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const assigned =
        (event.payload.memberAssignment as Record<string, number[]>)[this.topic] ?? [];
      for (const partition of assigned) {
        const next = this.nextOffset(partition);
        // Without progress on disk the group (which never commits) starts from the beginning.
        if (next !== undefined) this.consumer?.seek({ topic: this.topic, partition, offset: next });
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const s = this.store(batch.partition);
        s.db.exec('BEGIN');
        try {
          for (const m of batch.messages) {
            const key = m.key?.toString() ?? '';
            if (m.value) s.put.run(key, m.value.toString());
            else s.del.run(key);
          }
          const last = batch.messages.at(-1);
          if (last) s.setOffset.run(Number(last.offset) + 1);
          s.db.exec('COMMIT');
        } catch (err) {
          s.db.exec('ROLLBACK');
          throw err;
        }
        const last = batch.messages.at(-1);
        if (last) this.applied.set(batch.partition, Number(last.offset));
        this.release();
      },
    });
    await this.catchUp();
    logger.info({ topic: this.topic }, 'pseudonym directory loaded');
  }

  private release(): void {
    const ready = this.waiters.filter((w) => (this.applied.get(w.partition) ?? -1) >= w.offset);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private waitFor(partition: number, offset: number, timeoutMs = 30_000): Promise<void> {
    const next = Number(this.nextOffset(partition) ?? 0);
    if (next > offset || (this.applied.get(partition) ?? -1) >= offset) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`pseudonym directory: partition ${partition} did not reach ${offset}`)),
        timeoutMs,
      );
      this.waiters.push({ partition, offset, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Waits until everything written to the topic so far is applied. */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
      await Promise.all(
        offsets
          .filter((o) => Number(o.high) > Number(o.low))
          .map((o) => this.waitFor(o.partition, Number(o.high) - 1, timeoutMs)),
      );
    } finally {
      await admin.disconnect();
    }
  }

  pseudonymOf(sector: string, pivot: Pivot): Pseudonym {
    return derivePseudonym(this.opts.key, sector, pivot);
  }

  /** The pivot behind a sector pseudonym, or undefined when that citizen is not enrolled. */
  resolve(sector: string, pseudonym: string): Pivot | undefined {
    const key = `${sector}:${pseudonym}`;
    for (const s of this.stores.values()) {
      const row = s.get.get(key) as { pivot: string } | undefined;
      if (row) return row.pivot as Pivot;
    }
    return undefined;
  }

  /** Enrols a citizen in sectors: their pseudonyms become resolvable. Waits until applied. */
  async enrol(pivot: Pivot, inSectors: readonly string[]): Promise<Record<string, Pseudonym>> {
    const pseudonyms = Object.fromEntries(
      inSectors.map((sector) => [sector, this.pseudonymOf(sector, pivot)]),
    );
    await this.opts.producer.send(
      this.topic,
      inSectors.map((sector) => ({ key: `${sector}:${pseudonyms[sector]}`, value: pivot })),
    );
    await this.catchUp();
    return pseudonyms as Record<string, Pseudonym>;
  }

  /** Rows held on disk, all partitions (for operators and the memory benchmark). */
  size(): number {
    let n = 0;
    for (const s of this.stores.values())
      n += (s.db.prepare('SELECT count(*) AS n FROM pseudonyms').get() as { n: number }).n;
    return n;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    for (const s of this.stores.values()) s.db.close();
    this.stores.clear();
  }
}
