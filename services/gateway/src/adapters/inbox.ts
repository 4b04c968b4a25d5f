// The pull inbox of each agency, as every gateway instance holds it (dec-046): a replica of
// relais.deliveries.<agency>, one SQLite file per partition (inbox-replica.ts feeds them), and a
// replica of the acknowledgements (relais.gateway.inbox-acks). Both are built from Kafka alone, so
// every instance answers the same, and a lost data directory is rebuilt from the topics.
//
// - An event id enters a partition's file once (the router keys deliveries by the recipient's
//   pseudonym: a repeated event lands on the same partition); a repeat is counted, never stored.
// - A cursor is the vector of next offsets per partition (domain/cursor.ts); a read merges the
//   partitions after it, oldest record first.
// - An acknowledgement moves the agency's vector forward; records below it are never served
//   again and their bodies are forgotten (the id and times stay for operators).
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId } from '@relais/contracts';
import { at, encodeCursor, furthest, type OffsetVector } from '../domain/cursor.ts';
import type { DeliveredEvent, InboxEvent } from '../domain/inbox.ts';

/** One partition of one agency's deliveries, in its materialised file. */
export function inboxPartitionStore(db: DatabaseSync) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS inbox (
      koffset INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, body TEXT,
      received_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS inbox_received ON inbox (received_at);
  `);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO inbox (koffset, event_id, body, received_at) VALUES (?, ?, ?, ?)',
  );
  const page = db.prepare(
    'SELECT koffset, body, received_at FROM inbox WHERE koffset >= ? AND body IS NOT NULL ORDER BY koffset LIMIT ?',
  );
  const find = db.prepare('SELECT koffset, received_at FROM inbox WHERE event_id = ?');
  const forget = db.prepare('UPDATE inbox SET body = NULL WHERE koffset < ? AND body IS NOT NULL');
  const prune = db.prepare('DELETE FROM inbox WHERE received_at < ?');
  return {
    /**
     * False when this event id is already in the partition. `acked`: the record is already
     * acknowledged (a rebuild), its body is not kept.
     */
    add(offset: number, event: DeliveredEvent, receivedAt: number, acked: boolean): boolean {
      const body = acked ? null : JSON.stringify(event);
      return Number(insert.run(offset, event.id, body, receivedAt).changes) === 1;
    },
    page(from: number, limit: number): Array<{ offset: number; body: string; at: number }> {
      return (
        page.all(from, limit) as Array<{ koffset: number; body: string; received_at: number }>
      ).map((r) => ({ offset: r.koffset, body: r.body, at: r.received_at }));
    },
    find(eventId: string): { offset: number; at: number } | undefined {
      const row = find.get(eventId) as { koffset: number; received_at: number } | undefined;
      return row && { offset: row.koffset, at: row.received_at };
    },
    /** Acknowledged: bodies below `next` are forgotten. */
    forgetBelow(next: number): void {
      forget.run(next);
    },
    /** Records received before `instant` (past the deliveries' retention) are forgotten. */
    pruneBefore(instant: number): void {
      prune.run(instant);
    },
  };
}

export type InboxPartition = ReturnType<typeof inboxPartitionStore>;

/** The acknowledgements' materialised file: per agency its vector, and each step for operators. */
export function ackStore(db: DatabaseSync) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS acks (agency TEXT PRIMARY KEY, next TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ack_steps (
      agency TEXT NOT NULL, partition INTEGER NOT NULL, upto INTEGER NOT NULL, at INTEGER NOT NULL,
      PRIMARY KEY (agency, partition, upto)) WITHOUT ROWID;
  `);
  const get = db.prepare('SELECT next FROM acks WHERE agency = ?');
  const set = db.prepare(
    'INSERT INTO acks (agency, next) VALUES (?, ?) ON CONFLICT(agency) DO UPDATE SET next = excluded.next',
  );
  const step = db.prepare(
    'INSERT OR IGNORE INTO ack_steps (agency, partition, upto, at) VALUES (?, ?, ?, ?)',
  );
  const stepOf = db.prepare(
    'SELECT min(at) AS at FROM ack_steps WHERE agency = ? AND partition = ? AND upto > ?',
  );
  const prune = db.prepare('DELETE FROM ack_steps WHERE at < ?');
  const acked = (agency: AgencyId): number[] => {
    const row = get.get(agency) as { next: string } | undefined;
    return row ? (JSON.parse(row.next) as number[]) : [];
  };
  return {
    acked,
    /** Moves the agency's vector forward (never back); the partitions it moved. */
    apply(agency: AgencyId, next: OffsetVector, instant: number): number[] {
      const before = acked(agency);
      const after = furthest(before, next, Math.max(before.length, next.length));
      const moved = after.flatMap((n, p) => (n > at(before, p) ? [p] : []));
      if (!moved.length) return [];
      set.run(agency, JSON.stringify(after));
      for (const p of moved) step.run(agency, p, after[p] ?? 0, instant);
      return moved;
    },
    /**
     * When the record at `offset` of `partition` was first acknowledged; null if not (or, after
     * a rebuild from the compacted topic, the time of the agency's latest acknowledgement).
     */
    ackedAt(agency: AgencyId, partition: number, offset: number): number | null {
      const row = stepOf.get(agency, partition, offset) as { at: number | null } | undefined;
      return row?.at ?? null;
    },
    pruneBefore(instant: number): void {
      prune.run(instant);
    },
  };
}

export type AckStore = ReturnType<typeof ackStore>;

export interface InboxViewDeps {
  /** The agency's partitions, by partition number (none for an agency it does not serve). */
  partitions(agency: AgencyId): InboxPartition[];
  acks: Pick<AckStore, 'acked' | 'ackedAt'>;
  agencies: () => Iterable<AgencyId>;
}

/** What the HTTP routes read: pages after a cursor, and one event's place for operators. */
export function inboxView(deps: InboxViewDeps) {
  return {
    /** The agency's next `limit` events after `after`, merged across partitions. */
    read(
      agency: AgencyId,
      after: OffsetVector,
      limit: number,
    ): { events: InboxEvent[]; next: string } {
      const parts = deps.partitions(agency);
      const position = furthest(after, deps.acks.acked(agency), parts.length);
      const pages = parts.map((store, partition) => store.page(at(position, partition), limit));
      const heads = pages.map(() => 0);
      const events: InboxEvent[] = [];
      // Merged oldest first, each partition in its own order (a cursor never skips a record).
      while (events.length < limit) {
        let pick = -1;
        for (let p = 0; p < pages.length; p += 1) {
          const head = pages[p]?.[heads[p] ?? 0];
          const best = pick < 0 ? undefined : pages[pick]?.[heads[pick] ?? 0];
          if (head && (!best || head.at < best.at)) pick = p;
        }
        const row = pick < 0 ? undefined : pages[pick]?.[heads[pick] ?? 0];
        if (!row) break;
        heads[pick] = (heads[pick] ?? 0) + 1;
        position[pick] = row.offset + 1;
        events.push({
          ...(JSON.parse(row.body) as DeliveredEvent),
          cursor: encodeCursor(position),
        });
      }
      return { events, next: encodeCursor(position) };
    },
    /** Which agencies' inboxes this event entered, when, and when each acknowledged it. */
    ofEvent(
      eventId: string,
    ): Array<{ agency: AgencyId; deliveredAt: number; ackedAt: number | null }> {
      const found: Array<{ agency: AgencyId; deliveredAt: number; ackedAt: number | null }> = [];
      for (const agency of [...deps.agencies()].sort()) {
        deps.partitions(agency).forEach((store, partition) => {
          const row = store.find(eventId);
          if (!row) return;
          const acked = at(deps.acks.acked(agency), partition) > row.offset;
          found.push({
            agency,
            deliveredAt: row.at,
            ackedAt: acked ? (deps.acks.ackedAt(agency, partition, row.offset) ?? null) : null,
          });
        });
      }
      return found;
    },
  };
}

export type InboxView = ReturnType<typeof inboxView>;

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
