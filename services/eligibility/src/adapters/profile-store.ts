// Profiles on disk: one embedded SQLite file per partition of the input (the citizen's pseudonym
// decides the partition), so memory does not grow with the number of citizens. Every change is
// also written to the compacted changelog `relais.eligibility.profiles` (same key, same
// partition): a lost file is rebuilt from Kafka before the service consumes again.
//
// The service itself writes the files of the partitions it owns as it consumes facts; the kit's
// materialiseTopic restores a lost file up to the changelog's end at start, and brings a file up
// to the changelog's end when this instance is given its partition (catchUp, dec-048: another
// instance owned it meanwhile). It does not follow the changelog otherwise. A file may be ahead
// of the changelog: a withdrawal erases a profile before its tombstone is published. Replaying the
// changelog over it could bring the erased profile back from an older record; it cannot, because
// the erasure also marks the citizen `forgotten` in every partition file, and a replay never
// writes a profile back for a forgotten citizen (the mark goes only when a new consent is given).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { topics } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import { materialiseTopic, type Logger, type OutgoingRecord } from '@relais/kit';
import type { Profile } from '../domain/profile.ts';

export const PROFILES_CHANGELOG = topics.eligibilityProfiles.name;

interface PartitionDb {
  db: DatabaseSync;
  get: StatementSync;
  put: StatementSync;
  del: StatementSync;
  page: StatementSync;
  count: StatementSync;
  forgotten: StatementSync;
  forget: StatementSync;
  remember: StatementSync;
}

function returningArrays(statement: StatementSync): StatementSync {
  statement.setReturnArrays(true);
  return statement;
}

function partitionDb(db: DatabaseSync): PartitionDb {
  // busy_timeout: a catch-up writes a file through a connection of its own (materialiseTopic).
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
    CREATE TABLE IF NOT EXISTS profiles (pseudonym TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS forgotten (pseudonym TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;`);
  return {
    db,
    get: db.prepare('SELECT doc FROM profiles WHERE pseudonym = ?'),
    put: db.prepare(
      'INSERT INTO profiles (pseudonym, doc) VALUES (?, ?) ON CONFLICT(pseudonym) DO UPDATE SET doc = excluded.doc',
    ),
    del: db.prepare('DELETE FROM profiles WHERE pseudonym = ?'),
    page: returningArrays(
      db.prepare(
        'SELECT pseudonym, doc FROM profiles WHERE pseudonym > ? ORDER BY pseudonym LIMIT ?',
      ),
    ),
    count: db.prepare('SELECT count(*) AS n FROM profiles'),
    forgotten: db.prepare('SELECT 1 FROM forgotten WHERE pseudonym = ?'),
    forget: db.prepare(
      'INSERT INTO forgotten (pseudonym, at) VALUES (?, ?) ON CONFLICT(pseudonym) DO UPDATE SET at = excluded.at',
    ),
    remember: db.prepare('DELETE FROM forgotten WHERE pseudonym = ?'),
  };
}

export class ProfileStore {
  private readonly dbs = new Map<number, PartitionDb>();
  private readonly dir: string;
  readonly partitions: number;
  readonly changelog: string;

  /** Names the restore's and catch-ups' consumer groups (`<prefix>.restore`, `<prefix>.catch-up`). */
  private readonly groupPrefix: string;

  constructor(opts: {
    dataDir: string;
    partitions: number;
    changelog?: string;
    /** The service's group prefix (its principal may use only groups under it). */
    groupPrefix?: string;
  }) {
    this.groupPrefix = opts.groupPrefix ?? 'relais-eligibility';
    this.dir = opts.dataDir;
    this.partitions = opts.partitions;
    this.changelog = opts.changelog ?? PROFILES_CHANGELOG;
    mkdirSync(this.dir, { recursive: true });
  }

  private file(partition: number): string {
    return path.join(this.dir, `profiles-p${partition}.sqlite`);
  }

  /** Partitions whose file is missing: to rebuild from the changelog before consuming. */
  missing(): number[] {
    return [...Array(this.partitions).keys()].filter((p) => !existsSync(this.file(p)));
  }

  private open(partition: number): PartitionDb {
    let s = this.dbs.get(partition);
    if (s) return s;
    s = partitionDb(new DatabaseSync(this.file(partition)));
    this.dbs.set(partition, s);
    return s;
  }

  get(partition: number, pseudonym: Pseudonym): Profile | undefined {
    const row = this.open(partition).get.get(pseudonym) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Profile) : undefined;
  }

  /** Writes many profiles (already serialised) in one transaction. */
  putMany(partition: number, docs: Array<[Pseudonym, string]>): void {
    this.load(partition, docs);
  }

  /** Bulk load without changelog records (restore, benchmarks). */
  load(partition: number, rows: Iterable<[string, string | null]>): number {
    const s = this.open(partition);
    let n = 0;
    s.db.exec('BEGIN');
    try {
      for (const [pseudonym, doc] of rows) {
        if (doc === null) s.del.run(pseudonym);
        else s.put.run(pseudonym, doc);
        n += 1;
      }
      s.db.exec('COMMIT');
    } catch (err) {
      s.db.exec('ROLLBACK');
      throw err;
    }
    return n;
  }

  /**
   * The citizen withdrew their consent: the profile is erased wherever it is, and facts that
   * arrive later are dropped. Returns the changelog tombstone when there was a profile.
   */
  forget(pseudonym: Pseudonym, at: string): OutgoingRecord | undefined {
    let erased: number | undefined;
    for (let p = 0; p < this.partitions; p += 1) {
      const s = this.open(p);
      // Marked before erased: a catch-up writing this file meanwhile cannot put the profile back.
      s.forget.run(pseudonym, at);
      if (s.del.run(pseudonym).changes > 0) erased = p;
    }
    return erased === undefined ? undefined : { key: pseudonym, value: null, partition: erased };
  }

  /** A new consent: facts are welcome again. */
  remember(pseudonym: Pseudonym): void {
    for (let p = 0; p < this.partitions; p += 1) this.open(p).remember.run(pseudonym);
  }

  /** The profile, whichever partition holds it (consents and tests do not know the partition). */
  find(pseudonym: string): Profile | undefined {
    for (let p = 0; p < this.partitions; p += 1) {
      const profile = this.get(p, pseudonym as Pseudonym);
      if (profile) return profile;
    }
    return undefined;
  }

  isForgotten(partition: number, pseudonym: Pseudonym): boolean {
    return this.open(partition).forgotten.get(pseudonym) !== undefined;
  }

  /** Up to `limit` profiles of a partition after a pseudonym, in order (campaigns page with it). */
  page(partition: number, after: string, limit: number): Array<[Pseudonym, Profile]> {
    // Rows as [pseudonym, doc] arrays (the statement returns arrays): no object per row.
    const rows = this.open(partition).page.all(after, limit) as unknown as Array<[string, string]>;
    const out = new Array<[Pseudonym, Profile]>(rows.length);
    for (let i = 0; i < rows.length; i += 1) {
      const [pseudonym, doc] = rows[i] as [string, string];
      out[i] = [pseudonym as Pseudonym, JSON.parse(doc) as Profile];
    }
    return out;
  }

  size(partition?: number): number {
    const parts = partition === undefined ? [...Array(this.partitions).keys()] : [partition];
    return parts.reduce((n, p) => n + (this.open(p).count.get() as { n: number }).n, 0);
  }

  /** Rebuilds the partitions whose file is missing from the changelog (created at start), up to its end. */
  async restore(kafka: Kafka, logger: Logger): Promise<number> {
    const partitions = this.missing();
    if (!partitions.length) return 0;
    const restored = await this.replay(kafka, logger, partitions, `${this.groupPrefix}.restore`);
    if (restored) logger.info({ partitions, restored }, 'profiles rebuilt from the changelog');
    return restored;
  }

  /**
   * This instance was given `partition`: its file brought up to the changelog's end from where
   * the file stands (what another owner wrote meanwhile), before its facts are handled. A
   * forgotten citizen's profile is never written back (see the head of this file).
   */
  async catchUp(kafka: Kafka, logger: Logger, partition: number): Promise<number> {
    const applied = await this.replay(kafka, logger, [partition], `${this.groupPrefix}.catch-up`);
    logger.info({ partition, applied }, 'profiles caught up with the changelog');
    return applied;
  }

  /** Applies the changelog to the partitions' files, from each file's stored offset to the end. */
  private async replay(
    kafka: Kafka,
    logger: Logger,
    partitions: number[],
    group: string,
  ): Promise<number> {
    let applied = 0;
    const changelog = materialiseTopic<PartitionDb>({
      kafka,
      logger,
      topic: this.changelog,
      group,
      dataDir: this.dir,
      name: 'profiles',
      partitions,
      open: partitionDb,
      apply: (s, record) => {
        const pseudonym = record.key?.toString() ?? '';
        if (!record.value) s.del.run(pseudonym);
        else if (s.forgotten.get(pseudonym) === undefined)
          s.put.run(pseudonym, record.value.toString());
        applied += 1;
      },
    });
    await changelog.start();
    try {
      // The service does not consume before its profiles are back, however long that takes.
      await changelog.caughtUp({ timeoutMs: Infinity });
    } finally {
      await changelog.stop();
    }
    return applied;
  }

  close(): void {
    for (const s of this.dbs.values()) s.db.close();
    this.dbs.clear();
  }
}
