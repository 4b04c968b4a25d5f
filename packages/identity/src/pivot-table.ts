// A compacted topic of `key → pivot` records, materialised per partition in its own embedded
// SQLite file with the offset it reached (the kit's materialiseTopic): a restart resumes where it
// stopped, and memory does not grow with the number of citizens. The pseudonym directory and the
// identity links are two such tables, keyed by `<sector>:<pseudonym>` and by identity hash.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import {
  materialiseTopic,
  partitionOfKey,
  type Logger,
  type MaterialisedTopic,
  type TopicSpec,
} from '@relais/kit';
import type { Pivot } from './pseudonym.ts';

export interface PivotTableOptions {
  kafka: Kafka;
  logger: Logger;
  topic: string;
  /** How the topic is created when missing (compacted, the deployment's partitions). */
  create: TopicSpec;
  /** The reader's consumer group, named for operators. */
  group: string;
  /** Folder of the SQLite files (one per partition). */
  dataDir: string;
  /** The SQLite table, and its key column; fixed per table so existing files keep working. */
  table: string;
  keyColumn: string;
}

interface PartitionStore {
  get: StatementSync;
  put: StatementSync;
  del: StatementSync;
  count: StatementSync;
}

function partitionStore(table: string, key: string): (db: DatabaseSync) => PartitionStore {
  return (db) => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (${key} TEXT PRIMARY KEY, pivot TEXT NOT NULL) WITHOUT ROWID`,
    );
    return {
      get: db.prepare(`SELECT pivot FROM ${table} WHERE ${key} = ?`),
      put: db.prepare(
        `INSERT INTO ${table} (${key}, pivot) VALUES (?, ?) ON CONFLICT(${key}) DO UPDATE SET pivot = excluded.pivot`,
      ),
      del: db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`),
      count: db.prepare(`SELECT count(*) AS n FROM ${table}`),
    };
  };
}

export class PivotTable {
  private readonly materialised: MaterialisedTopic<PartitionStore>;

  constructor(opts: PivotTableOptions) {
    this.materialised = materialiseTopic<PartitionStore>({
      kafka: opts.kafka,
      logger: opts.logger,
      topic: opts.topic,
      group: opts.group,
      dataDir: opts.dataDir,
      create: opts.create,
      open: partitionStore(opts.table, opts.keyColumn),
      apply: (s, record) => {
        const key = record.key?.toString() ?? '';
        if (record.value) s.put.run(key, record.value.toString());
        else s.del.run(key);
      },
    });
  }

  /** Reads the topic up to its end as of now, then keeps following it. */
  async start(): Promise<void> {
    await this.materialised.start();
    await this.materialised.caughtUp();
  }

  /** Waits until everything written to the topic so far is applied. */
  catchUp(timeoutMs = 30_000): Promise<void> {
    return this.materialised.waitForLatest({ timeoutMs });
  }

  /** The pivot recorded under a key, or undefined. */
  get(key: string): Pivot | undefined {
    const stores = this.materialised.stores();
    if (stores.length === 0) return undefined;
    // The key's partition is where the producer put it (murmur2): one lookup, not one per
    // partition (a tenth of the gateway's time per publication, docs/benchmarks.md). A key not
    // found there is looked for in the others: written before the topic had more partitions.
    const home = partitionOfKey(key, stores.length);
    const row = stores[home]?.get.get(key) as { pivot: string } | undefined;
    if (row) return row.pivot as Pivot;
    for (const [partition, s] of stores.entries()) {
      if (partition === home) continue;
      const elsewhere = s.get.get(key) as { pivot: string } | undefined;
      if (elsewhere) return elsewhere.pivot as Pivot;
    }
    return undefined;
  }

  /** Rows held on disk, all partitions. */
  size(): number {
    let n = 0;
    for (const s of this.materialised.stores()) n += (s.count.get() as { n: number }).n;
    return n;
  }

  stop(): Promise<void> {
    return this.materialised.stop();
  }
}
