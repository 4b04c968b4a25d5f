// The consent state each event is judged by. Reads relais.consents (whole documents keyed by
// pivot) into one SQLite file per partition (the kit's materialiseTopic), keeping each version
// with the broker's log-append time, so the router asks "what was this citizen's consent state at
// time T" for an event appended at T. Memory does not grow with citizens; files resume from their
// stored offsets.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { parseConsentDocument, type ConsentDocument, topics } from '@relais/contracts';
import type { Pivot } from '@relais/identity';
import {
  DEFAULT_PARTITIONS,
  materialiseTopic,
  type Logger,
  type MaterialisedTopic,
} from '@relais/kit';

interface PartitionFile {
  put: StatementSync;
  at: StatementSync;
  prune: StatementSync;
}

function partitionFile(db: DatabaseSync): PartitionFile {
  db.exec(`CREATE TABLE IF NOT EXISTS versions (pivot TEXT NOT NULL, ts INTEGER NOT NULL, offset INTEGER NOT NULL, doc TEXT,
      PRIMARY KEY (pivot, offset)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS versions_at ON versions (pivot, ts, offset);`);
  return {
    put: db.prepare('INSERT OR REPLACE INTO versions (pivot, ts, offset, doc) VALUES (?, ?, ?, ?)'),
    // Ties go to the later record: a revocation appended in the same millisecond as an event wins.
    at: db.prepare(
      'SELECT doc FROM versions WHERE pivot = ? AND ts <= ? ORDER BY ts DESC, offset DESC LIMIT 1',
    ),
    prune: db.prepare(
      'DELETE FROM versions WHERE pivot = ? AND ts < ? AND offset < (SELECT max(offset) FROM versions v WHERE v.pivot = ? AND v.ts < ?)',
    ),
  };
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
  private readonly versions: MaterialisedTopic<PartitionFile>;

  constructor(opts: ConsentVersionsOptions) {
    this.opts = opts;
    const retention = opts.retentionMs ?? 7 * 86_400_000;
    this.versions = materialiseTopic<PartitionFile>({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `relais-router-consents.${opts.instance}`,
      dataDir: opts.dataDir,
      name: 'consents',
      create: topics.consents.spec(
        opts.topic ?? topics.consents.name,
        opts.partitions ?? DEFAULT_PARTITIONS,
      ),
      // Events wait on this reader: fetch as soon as a consent change is appended.
      maxWaitTimeMs: 50,
      open: partitionFile,
      apply: (f, record) => {
        const pivot = record.key?.toString() ?? '';
        let doc: string | null = null;
        if (record.value) {
          try {
            doc = JSON.stringify(parseConsentDocument(record.value.toString()));
          } catch (err) {
            // An unreadable document must not open a flow: treat it as "no consent".
            opts.logger.error(
              { offset: record.offset, error: (err as Error).message },
              'unreadable consent document',
            );
          }
        }
        const ts = Number(record.timestamp);
        f.put.run(pivot, ts, Number(record.offset), doc);
        f.prune.run(pivot, ts - retention, pivot, ts - retention);
      },
    });
  }

  get topic(): string {
    return this.opts.topic ?? topics.consents.name;
  }

  start(): Promise<void> {
    return this.versions.start();
  }

  /**
   * Makes sure every consent change appended to `partition` up to `ts` is applied. Reads the
   * partition's end only when the last catch-up predates `ts`.
   */
  ensureCaughtUp(partition: number, ts: number, timeoutMs = 30_000): Promise<void> {
    return this.versions.waitUntil(partition, new Date(ts), { timeoutMs });
  }

  /** The citizen's consent document as of log time `ts` (undefined: none known then). */
  at(partition: number, pivot: Pivot, ts: number): ConsentDocument | undefined {
    const row = this.versions.store(partition).at.get(pivot, ts) as
      { doc: string | null } | undefined;
    return row?.doc ? (JSON.parse(row.doc) as ConsentDocument) : undefined;
  }

  stop(): Promise<void> {
    return this.versions.stop();
  }
}
