// The consent state each event is judged by. Reads relais.consents (whole documents keyed by
// pivot) into one SQLite file per partition, keeping each version with the broker's log-append
// time, so the router asks "what was this citizen's consent state at time T" for an event
// appended at T. Memory does not grow with citizens; files resume from their stored offsets.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { parseConsentDocument, topics, type ConsentDocument } from '@relais/contracts';
import { DEFAULT_PARTITIONS, ensureTopics, type Logger } from '@relais/kit';

interface PartitionFile {
  db: DatabaseSync;
  put: StatementSync;
  at: StatementSync;
  setOffset: StatementSync;
  prune: StatementSync;
}

export interface ConsentVersionsOptions {
  kafka: Kafka;
  logger: Logger;
  dataDir: string;
  instance: string;
  topic?: string;
  /** The deployment's partition count (RELAIS_PARTITIONS): the events'. */
  partitions?: number;
  /** How long superseded versions are kept (they only serve replays of older events). */
  retentionMs?: number;
}

export class ConsentVersions {
  private readonly opts: ConsentVersionsOptions;
  private readonly files = new Map<number, PartitionFile>();
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  /** Per partition: every consent record appended before this time (ms) is applied. */
  private readonly caughtUpAsOf = new Map<number, number>();

  constructor(opts: ConsentVersionsOptions) {
    this.opts = opts;
  }

  get topic(): string {
    return this.opts.topic ?? topics.consents.name;
  }

  private file(partition: number): PartitionFile {
    let f = this.files.get(partition);
    if (!f) {
      mkdirSync(this.opts.dataDir, { recursive: true });
      const db = new DatabaseSync(path.join(this.opts.dataDir, `consents-p${partition}.sqlite`));
      db.exec(`PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS versions (pivot TEXT NOT NULL, ts INTEGER NOT NULL, offset INTEGER NOT NULL, doc TEXT,
          PRIMARY KEY (pivot, offset)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS versions_at ON versions (pivot, ts, offset);
        CREATE TABLE IF NOT EXISTS progress (id INTEGER PRIMARY KEY CHECK (id = 1), next_offset INTEGER NOT NULL);`);
      f = {
        db,
        put: db.prepare(
          'INSERT OR REPLACE INTO versions (pivot, ts, offset, doc) VALUES (?, ?, ?, ?)',
        ),
        // Ties go to the later record: a revocation appended in the same millisecond as an event wins.
        at: db.prepare(
          'SELECT doc FROM versions WHERE pivot = ? AND ts <= ? ORDER BY ts DESC, offset DESC LIMIT 1',
        ),
        setOffset: db.prepare(
          'INSERT INTO progress (id, next_offset) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET next_offset = excluded.next_offset',
        ),
        prune: db.prepare(
          'DELETE FROM versions WHERE pivot = ? AND ts < ? AND offset < (SELECT max(offset) FROM versions v WHERE v.pivot = ? AND v.ts < ?)',
        ),
      };
      this.files.set(partition, f);
    }
    return f;
  }

  private nextOffset(partition: number): string | undefined {
    const row = this.file(partition)
      .db.prepare('SELECT next_offset FROM progress WHERE id = 1')
      .get() as { next_offset: number } | undefined;
    return row ? String(row.next_offset) : undefined;
  }

  async start(): Promise<void> {
    const { kafka } = this.opts;
    this.admin = kafka.admin();
    await this.admin.connect();
    await ensureTopics(this.admin, [
      topics.consents.spec(this.topic, this.opts.partitions ?? DEFAULT_PARTITIONS),
    ]);
    this.consumer = kafka.consumer({
      groupId: `relais-router-consents.${this.opts.instance}`,
      maxWaitTimeInMs: 50,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      for (const partition of (event.payload.memberAssignment as Record<string, number[]>)[
        this.topic
      ] ?? []) {
        const next = this.nextOffset(partition);
        if (next !== undefined) this.consumer?.seek({ topic: this.topic, partition, offset: next });
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    const retention = this.opts.retentionMs ?? 7 * 86_400_000;
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const f = this.file(batch.partition);
        f.db.exec('BEGIN');
        try {
          for (const m of batch.messages) {
            const pivot = m.key?.toString() ?? '';
            let doc: string | null = null;
            if (m.value) {
              try {
                doc = JSON.stringify(parseConsentDocument(m.value.toString()));
              } catch (err) {
                // An unreadable document must not open a flow: treat it as "no consent".
                this.opts.logger.error(
                  { offset: m.offset, error: (err as Error).message },
                  'unreadable consent document',
                );
              }
            }
            const ts = Number(m.timestamp);
            f.put.run(pivot, ts, Number(m.offset), doc);
            f.prune.run(pivot, ts - retention, pivot, ts - retention);
          }
          const last = batch.messages.at(-1);
          if (last) f.setOffset.run(Number(last.offset) + 1);
          f.db.exec('COMMIT');
        } catch (err) {
          f.db.exec('ROLLBACK');
          throw err;
        }
      },
    });
  }

  /**
   * Makes sure every consent change appended to `partition` up to `ts` is applied. Fetches the
   * partition's end only when the last catch-up predates `ts`.
   */
  async ensureCaughtUp(partition: number, ts: number, timeoutMs = 30_000): Promise<void> {
    if ((this.caughtUpAsOf.get(partition) ?? 0) > ts) return;
    const asOf = Date.now();
    const offsets = await this.admin!.fetchTopicOffsets(this.topic);
    const high = Number(offsets.find((o) => o.partition === partition)?.high ?? 0);
    const deadline = Date.now() + timeoutMs;
    while (Number(this.nextOffset(partition) ?? 0) < high) {
      if (Date.now() > deadline)
        throw new Error(`consents partition ${partition} not caught up to ${high}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    this.caughtUpAsOf.set(partition, asOf);
  }

  /** The citizen's consent document as of log time `ts` (undefined: none known then). */
  at(partition: number, pivot: string, ts: number): ConsentDocument | undefined {
    const row = this.file(partition).at.get(pivot, ts) as { doc: string | null } | undefined;
    return row?.doc ? (JSON.parse(row.doc) as ConsentDocument) : undefined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
    for (const f of this.files.values()) f.db.close();
    this.files.clear();
  }
}
