// What an agency's native publishing got refused, kept for GET /v1/rejects (the last 1,000 per
// agency; the records themselves are on relais.rejects.<agency>).
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId } from '@relais/contracts';

export interface Reject {
  reason: string;
  error: string;
  topic: string;
  partition: number;
  offset: string;
  eventId: string | null;
}

export interface RejectView {
  at: string;
  reason: string;
  error: string;
  origin: { topic: string; partition: number; offset: string };
  eventId: string | null;
}

export function rejectStore(db: DatabaseSync, now: () => number) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rejects (
      id INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, at INTEGER NOT NULL,
      reason TEXT NOT NULL, error TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
      offset TEXT NOT NULL, event_id TEXT);
    CREATE INDEX IF NOT EXISTS rejects_agency ON rejects (agency, id);
  `);
  const insert = db.prepare(
    'INSERT INTO rejects (agency, at, reason, error, topic, partition, offset, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare(
    'DELETE FROM rejects WHERE agency = ? AND id <= (SELECT id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT 1 OFFSET 1000)',
  );
  const list = db.prepare(
    'SELECT id, at, reason, error, topic, partition, offset, event_id FROM rejects WHERE agency = ? ORDER BY id DESC LIMIT ?',
  );
  return {
    record(agency: AgencyId, r: Reject): void {
      insert.run(agency, now(), r.reason, r.error, r.topic, r.partition, r.offset, r.eventId);
      prune.run(agency, agency);
    },
    /** Latest first. */
    list(agency: AgencyId, limit: number): RejectView[] {
      const rows = list.all(agency, limit) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        at: new Date(Number(r['at'])).toISOString(),
        reason: r['reason'] as string,
        error: r['error'] as string,
        origin: {
          topic: r['topic'] as string,
          partition: r['partition'] as number,
          offset: r['offset'] as string,
        },
        eventId: r['event_id'] as string | null,
      }));
    },
  };
}

export type RejectStore = ReturnType<typeof rejectStore>;
