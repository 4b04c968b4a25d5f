// The flow index on disk: one embedded SQLite file (node:sqlite) with what the indexer keeps of
// each record (domain/records.ts) and, per topic partition, the next offset to read — written in one
// transaction per fetched batch, so a restart resumes where it stopped and a lost file is rebuilt
// from the topics. The rows hold no personal value (see domain/records.ts).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { statusAfter } from '../domain/journal.ts';
import type { DeadLetterStatus } from '../domain/views.ts';
import type { ActionRow, DeadLetterRow, IndexEntry } from '../domain/records.ts';

const schema = `
CREATE TABLE IF NOT EXISTS progress (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
  PRIMARY KEY (topic, partition)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
  at INTEGER NOT NULL, event_id TEXT, trace_id TEXT, agency TEXT, decision_id TEXT,
  row TEXT NOT NULL, PRIMARY KEY (topic, partition, offset));
CREATE INDEX IF NOT EXISTS records_event ON records (event_id, kind);
CREATE INDEX IF NOT EXISTS records_trace ON records (trace_id, kind);
CREATE INDEX IF NOT EXISTS records_agency ON records (agency, kind, at);
CREATE INDEX IF NOT EXISTS records_decision ON records (decision_id, kind);
CREATE TABLE IF NOT EXISTS dead_letters (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, owner TEXT NOT NULL, reason TEXT NOT NULL,
  at INTEGER NOT NULL, event_id TEXT, trace_id TEXT, row TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dead_letters_at ON dead_letters (at);
CREATE INDEX IF NOT EXISTS dead_letters_event ON dead_letters (event_id);
CREATE TABLE IF NOT EXISTS actions (
  action_id TEXT PRIMARY KEY, at INTEGER NOT NULL, row TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS actions_at ON actions (at);
CREATE TABLE IF NOT EXISTS target_status (
  target TEXT PRIMARY KEY, status TEXT NOT NULL, action_id TEXT NOT NULL, at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** What the indexer applied up to, per topic and partition: the next offset to read. */
export type Positions = Map<string, Map<number, number>>;

export interface DeadLetterQuery {
  source?: string;
  owner?: string;
  reason?: string;
  status?: DeadLetterStatus;
  eventId?: string;
  limit: number;
}

type Row = Record<string, unknown>;
const parse = <T>(rows: Row[]): T[] => rows.map((r) => JSON.parse(String(r['row'])) as T);

export class IndexStore {
  readonly db: DatabaseSync;
  private readonly insertRecord: StatementSync;
  private readonly insertDeadLetter: StatementSync;
  private readonly insertAction: StatementSync;
  private readonly setStatus: StatementSync;
  private readonly setNext: StatementSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(path.join(dataDir, 'console-index.sqlite'));
    // synchronous=NORMAL: a batch lost to a power cut is lost with its offsets, and read again.
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; ${schema}`);
    this.insertRecord = this.db.prepare(
      `INSERT OR IGNORE INTO records (kind, topic, partition, offset, at, event_id, trace_id, agency, decision_id, row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDeadLetter = this.db.prepare(
      `INSERT OR IGNORE INTO dead_letters (id, source, owner, reason, at, event_id, trace_id, row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAction = this.db.prepare(
      'INSERT OR IGNORE INTO actions (action_id, at, row) VALUES (?, ?, ?)',
    );
    // The latest action on a target decides its status (the journal is read in order).
    this.setStatus = this.db.prepare(
      `INSERT INTO target_status (target, status, action_id, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (target) DO UPDATE SET status = excluded.status, action_id = excluded.action_id,
         at = excluded.at`,
    );
    this.setNext = this.db.prepare(
      `INSERT INTO progress (topic, partition, next_offset) VALUES (?, ?, ?)
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
    );
  }

  /** What was applied, per topic and partition. */
  positions(): Positions {
    const out: Positions = new Map();
    for (const r of this.db.prepare('SELECT topic, partition, next_offset FROM progress').all()) {
      const topic = String(r['topic']);
      const byPartition = out.get(topic) ?? new Map<number, number>();
      byPartition.set(Number(r['partition']), Number(r['next_offset']));
      out.set(topic, byPartition);
    }
    return out;
  }

  /** One fetched batch of a partition: its entries and its next offset, in one transaction. */
  apply(topic: string, partition: number, next: number, entries: readonly IndexEntry[]): void {
    this.db.exec('BEGIN');
    try {
      for (const entry of entries) this.put(entry);
      this.setNext.run(topic, partition, next);
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private put(entry: IndexEntry): void {
    if (entry.kind === 'dead-letter') {
      const r = entry.row;
      this.insertDeadLetter.run(
        r.id,
        r.source,
        r.owner,
        r.reason,
        r.deadLetteredAt,
        r.eventId,
        r.traceId,
        JSON.stringify(r),
      );
      return;
    }
    if (entry.kind === 'action') {
      const r = entry.row;
      if (Number(this.insertAction.run(r.actionId, r.actedAt, JSON.stringify(r)).changes) === 0)
        return;
      const status = statusAfter(r.kind);
      if (status)
        for (const t of r.targets)
          if (t.outcome.startsWith(status))
            this.setStatus.run(t.target, status, r.actionId, r.actedAt);
      return;
    }
    const r = entry.row;
    const eventId = 'eventId' in r ? r.eventId : null;
    const agency = entry.kind === 'event' || entry.kind === 'ingress' ? entry.row.agency : null;
    const decisionId =
      entry.kind === 'determination' || entry.kind === 'notice' ? entry.row.decisionId : null;
    this.insertRecord.run(
      entry.kind,
      r.topic,
      r.partition,
      Number(r.offset),
      r.at,
      eventId,
      r.traceId,
      agency,
      decisionId,
      JSON.stringify(r),
    );
  }

  /** Rows of one kind about one event, in log order. */
  ofEvent<T>(kind: IndexEntry['kind'], eventId: string): T[] {
    return parse<T>(
      this.db
        .prepare(
          'SELECT row FROM records WHERE event_id = ? AND kind = ? ORDER BY at, topic, partition, offset',
        )
        .all(eventId, kind),
    );
  }

  /** Rows of one kind on any of these traces. */
  ofTraces<T>(kind: IndexEntry['kind'], traceIds: readonly string[]): T[] {
    if (!traceIds.length) return [];
    const marks = traceIds.map(() => '?').join(', ');
    return parse<T>(
      this.db
        .prepare(
          `SELECT row FROM records WHERE trace_id IN (${marks}) AND kind = ? ORDER BY at, topic, partition, offset`,
        )
        .all(...traceIds, kind),
    );
  }

  /** Rows of one kind following any of these determinations. */
  ofDecisions<T>(kind: IndexEntry['kind'], decisionIds: readonly string[]): T[] {
    if (!decisionIds.length) return [];
    const marks = decisionIds.map(() => '?').join(', ');
    return parse<T>(
      this.db
        .prepare(
          `SELECT row FROM records WHERE decision_id IN (${marks}) AND kind = ? ORDER BY at, topic, partition, offset`,
        )
        .all(...decisionIds, kind),
    );
  }

  /** The events a trace went through (by any record naming an event), newest first. */
  eventIdsOfTrace(traceId: string, limit: number): string[] {
    return this.db
      .prepare(
        `SELECT event_id, max(at) AS at FROM (
           SELECT event_id, at FROM records WHERE trace_id = ? AND event_id IS NOT NULL
           UNION ALL SELECT event_id, at FROM dead_letters WHERE trace_id = ? AND event_id IS NOT NULL)
         GROUP BY event_id ORDER BY at DESC LIMIT ?`,
      )
      .all(traceId, traceId, limit)
      .map((r) => String(r['event_id']));
  }

  /** The events an agency published (canonical or native) in [from, to], newest first. */
  eventIdsOfAgency(agency: string, from: number, to: number, limit: number): string[] {
    return this.db
      .prepare(
        `SELECT event_id, max(at) AS at FROM records
         WHERE agency = ? AND kind IN ('event', 'ingress') AND at BETWEEN ? AND ? AND event_id IS NOT NULL
         GROUP BY event_id ORDER BY at DESC LIMIT ?`,
      )
      .all(agency, from, to, limit)
      .map((r) => String(r['event_id']));
  }

  deadLetter(id: string): (DeadLetterRow & { status: DeadLetterStatus }) | undefined {
    const row = this.db
      .prepare(
        `SELECT d.row, s.status FROM dead_letters d LEFT JOIN target_status s ON s.target = d.id
         WHERE d.id = ?`,
      )
      .get(id);
    if (!row) return undefined;
    return { ...parse<DeadLetterRow>([row])[0]!, status: statusOf(row) };
  }

  /** Dead letters and rejects matching the filter, newest first. */
  deadLetters(q: DeadLetterQuery): Array<DeadLetterRow & { status: DeadLetterStatus }> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const eq = (column: string, value: string | undefined): void => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      args.push(value);
    };
    eq('d.source', q.source);
    eq('d.owner', q.owner);
    eq('d.reason', q.reason);
    eq('d.event_id', q.eventId);
    if (q.status === 'open') where.push('s.status IS NULL');
    else eq('s.status', q.status);
    const rows = this.db
      .prepare(
        `SELECT d.row, s.status FROM dead_letters d LEFT JOIN target_status s ON s.target = d.id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.at DESC, d.id LIMIT ?`,
      )
      .all(...args, q.limit);
    return rows.map((row) => ({ ...parse<DeadLetterRow>([row])[0]!, status: statusOf(row) }));
  }

  /** The operators' journal, newest first. */
  journal(limit: number): ActionRow[] {
    return parse<ActionRow>(
      this.db.prepare('SELECT row FROM actions ORDER BY at DESC, action_id LIMIT ?').all(limit),
    );
  }

  close(): void {
    this.db.close();
  }
}

const statusOf = (row: Row): DeadLetterStatus =>
  row['status'] === 'replayed' || row['status'] === 'discarded' ? row['status'] : 'open';
