// The pull inbox of each agency, in the gateway's SQLite file. An event id enters an agency's
// inbox once (delivered_ids), is read with a cursor (its sequence number), and leaves when the
// agency acknowledges a cursor at or past it. Cursors are sequence numbers: they survive restarts.
// When an event entered an agency's inbox and when the agency acknowledged it are kept with its id
// (delivered_ids, as long as the id is remembered) for operators following a flow.
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId } from '@relais/contracts';
import type { DeliveredEvent, InboxEvent } from '../domain/inbox.ts';

export function inboxStore(db: DatabaseSync, now: () => number) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS inbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, event_id TEXT NOT NULL,
      body TEXT NOT NULL, received_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS inbox_agency_seq ON inbox (agency, seq);
    CREATE TABLE IF NOT EXISTS delivered_ids (
      agency TEXT NOT NULL, event_id TEXT NOT NULL, at INTEGER NOT NULL,
      PRIMARY KEY (agency, event_id)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS inbox_acks (agency TEXT PRIMARY KEY, cursor INTEGER NOT NULL) WITHOUT ROWID;
  `);
  // Files made before acknowledgement times were kept get the column (null: not known).
  const columns = db.prepare('PRAGMA table_info(delivered_ids)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'acked_at'))
    db.exec('ALTER TABLE delivered_ids ADD COLUMN acked_at INTEGER');
  db.exec('CREATE INDEX IF NOT EXISTS delivered_ids_event ON delivered_ids (event_id);');
  const markAcked = db.prepare(
    `UPDATE delivered_ids SET acked_at = ? WHERE agency = ? AND acked_at IS NULL
       AND event_id IN (SELECT event_id FROM inbox WHERE agency = ? AND seq <= ?)`,
  );
  const ofEvent = db.prepare(
    'SELECT agency, at, acked_at FROM delivered_ids WHERE event_id = ? ORDER BY agency',
  );
  const seen = db.prepare(
    'INSERT OR IGNORE INTO delivered_ids (agency, event_id, at) VALUES (?, ?, ?)',
  );
  const add = db.prepare(
    'INSERT INTO inbox (agency, event_id, body, received_at) VALUES (?, ?, ?, ?)',
  );
  const ackedQ = db.prepare('SELECT cursor FROM inbox_acks WHERE agency = ?');
  const page = db.prepare(
    'SELECT seq, body FROM inbox WHERE agency = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const setAck = db.prepare(
    'INSERT INTO inbox_acks (agency, cursor) VALUES (?, ?) ON CONFLICT(agency) DO UPDATE SET cursor = max(cursor, excluded.cursor)',
  );
  const drop = db.prepare('DELETE FROM inbox WHERE agency = ? AND seq <= ?');
  const pruneIds = db.prepare('DELETE FROM delivered_ids WHERE at < ?');
  const maxSeq = db.prepare('SELECT max(seq) AS seq FROM inbox WHERE agency = ?');
  const acked = (agency: AgencyId): number =>
    (ackedQ.get(agency) as { cursor: number } | undefined)?.cursor ?? 0;

  return {
    /**
     * The new cursor, or undefined when this event id already reached this agency (at-least-once
     * upstream).
     */
    add(agency: AgencyId, event: DeliveredEvent): number | undefined {
      db.exec('BEGIN');
      try {
        if (Number(seen.run(agency, event.id, now()).changes) === 0) {
          db.exec('COMMIT');
          return undefined;
        }
        const seq = Number(add.run(agency, event.id, JSON.stringify(event), now()).lastInsertRowid);
        db.exec('COMMIT');
        return seq;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    read(agency: AgencyId, after: number, limit: number): { events: InboxEvent[]; next: string } {
      const from = Math.max(after, acked(agency));
      const rows = page.all(agency, from, limit) as Array<{ seq: number; body: string }>;
      const events = rows.map((r) => ({
        ...(JSON.parse(r.body) as DeliveredEvent),
        cursor: String(r.seq),
      }));
      return { events, next: String(rows.at(-1)?.seq ?? from) };
    },
    ack(agency: AgencyId, cursor: number): { acknowledged: string } {
      const top = (maxSeq.get(agency) as { seq: number | null }).seq ?? 0;
      const upTo = Math.min(cursor, top);
      setAck.run(agency, upTo);
      markAcked.run(now(), agency, agency, upTo);
      drop.run(agency, upTo);
      return { acknowledged: String(Math.max(upTo, acked(agency))) };
    },
    /** Event ids are remembered for `ms` (default 30 days) after delivery, then forgotten. */
    prune(ms = 30 * 86_400_000): void {
      pruneIds.run(now() - ms);
    },
    acked,
    /** Which agencies' inboxes this event entered, when, and when each acknowledged it. */
    ofEvent(
      eventId: string,
    ): Array<{ agency: AgencyId; deliveredAt: number; ackedAt: number | null }> {
      return (
        ofEvent.all(eventId) as Array<{ agency: string; at: number; acked_at: number | null }>
      ).map((r) => ({ agency: r.agency as AgencyId, deliveredAt: r.at, ackedAt: r.acked_at }));
    },
  };
}

export type InboxStore = ReturnType<typeof inboxStore>;

/** Wakes the long-polls of an agency when its inbox grows. */
export function longPolls() {
  const waiting = new Map<AgencyId, Set<() => void>>();
  return {
    notify(agency: AgencyId): void {
      const set = waiting.get(agency);
      if (!set) return;
      waiting.delete(agency);
      for (const wake of set) wake();
    },
    /** Resolves when the agency's inbox grows, or after `ms`. */
    wait(agency: AgencyId, ms: number): Promise<void> {
      return new Promise((resolve) => {
        const set = waiting.get(agency) ?? new Set<() => void>();
        const done = (): void => {
          clearTimeout(timer);
          set.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        waiting.set(agency, set);
      });
    },
    /** How many long-polls of the agency are waiting now. */
    waiting(agency: AgencyId): number {
      return waiting.get(agency)?.size ?? 0;
    },
  };
}

export type LongPolls = ReturnType<typeof longPolls>;
