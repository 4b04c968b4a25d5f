// (sector, pseudonym) → pivot, for the events that enter with the publisher's pseudonym.
// Source of truth: the compacted topic `relais.pseudonyms`, keyed `<sector>:<pseudonym>`.
// Each partition is materialised in its own embedded SQLite file, with the offset it reached
// (the kit's materialiseTopic), so a restart resumes where it stopped and memory does not grow
// with the number of citizens.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import {
  DEFAULT_PARTITIONS,
  materialiseTopic,
  type Logger,
  type MaterialisedTopic,
  type RelaisProducer,
} from '@relais/kit';
import { topics } from '@relais/contracts';
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
  /** Names this instance's reader (its consumer group), for operators. */
  instance: string;
}

interface PartitionStore {
  get: StatementSync;
  put: StatementSync;
  del: StatementSync;
  count: StatementSync;
}

function partitionStore(db: DatabaseSync): PartitionStore {
  db.exec(
    'CREATE TABLE IF NOT EXISTS pseudonyms (key TEXT PRIMARY KEY, pivot TEXT NOT NULL) WITHOUT ROWID',
  );
  return {
    get: db.prepare('SELECT pivot FROM pseudonyms WHERE key = ?'),
    put: db.prepare(
      'INSERT INTO pseudonyms (key, pivot) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET pivot = excluded.pivot',
    ),
    del: db.prepare('DELETE FROM pseudonyms WHERE key = ?'),
    count: db.prepare('SELECT count(*) AS n FROM pseudonyms'),
  };
}

export class PseudonymDirectory {
  private readonly opts: DirectoryOptions;
  private readonly pseudonyms: MaterialisedTopic<PartitionStore>;
  private started = false;

  constructor(opts: DirectoryOptions) {
    this.opts = opts;
    this.pseudonyms = materialiseTopic<PartitionStore>({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: this.topic,
      group: `relais-pseudonyms.${opts.instance}`,
      dataDir: opts.dataDir,
      create: topics.pseudonyms.spec(
        opts.topic ?? PSEUDONYM_TOPIC,
        opts.partitions ?? DEFAULT_PARTITIONS,
      ),
      open: partitionStore,
      apply: (s, record) => {
        const key = record.key?.toString() ?? '';
        if (record.value) s.put.run(key, record.value.toString());
        else s.del.run(key);
      },
    });
  }

  get topic(): string {
    return this.opts.topic ?? PSEUDONYM_TOPIC;
  }

  async start(): Promise<void> {
    await this.pseudonyms.start();
    await this.pseudonyms.caughtUp();
    this.started = true;
    this.opts.logger.info({ topic: this.topic }, 'pseudonym directory loaded');
  }

  /**
   * Whether start() has read the topic up to where it stood: before that, a pseudonym not found
   * may be one not read yet, which no caller may take for "not enrolled".
   */
  get loaded(): boolean {
    return this.started;
  }

  /** Waits until everything written to the topic so far is applied. */
  catchUp(timeoutMs = 30_000): Promise<void> {
    return this.pseudonyms.waitForLatest({ timeoutMs });
  }

  pseudonymOf(sector: string, pivot: Pivot): Pseudonym {
    return derivePseudonym(this.opts.key, sector, pivot);
  }

  /** The pivot behind a sector pseudonym, or undefined when that citizen is not enrolled. */
  resolve(sector: string, pseudonym: string): Pivot | undefined {
    const key = `${sector}:${pseudonym}`;
    for (const s of this.pseudonyms.stores()) {
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
    for (const s of this.pseudonyms.stores()) n += (s.count.get() as { n: number }).n;
    return n;
  }

  stop(): Promise<void> {
    this.started = false;
    return this.pseudonyms.stop();
  }
}
