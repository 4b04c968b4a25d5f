// The router's own SQLite file (router.sqlite: the effects below and the access log's chain
// heads) and the effects table: which (event, recipient) deliveries are done, so an event
// redelivered after a crash is not delivered twice by this router (the inboxes drop repeats
// anyway). Marked only after the deliveries and their access records are acknowledged.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AgencyId, EventId } from '@relais/contracts';
import type { Clock } from '@relais/kit';

export function openRouterDatabase(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'router.sqlite'));
  // NORMAL: a commit is not synced to disk; it survives the process dying, not the machine. What
  // this file holds can be rebuilt: the chain heads are read back from the access log on start,
  // and a lost effect only repeats a delivery that the inboxes drop by event id. A sync per
  // batch cost a tenth of the router's time (issue 18, docs/benchmarks.md).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  return db;
}

export interface EffectsStore {
  done(eventId: EventId, agency: AgencyId): boolean;
  /** The recipients of `eventId` already delivered (one lookup an event, not one a recipient). */
  recipientsDone(eventId: EventId): ReadonlySet<string>;
  mark(effects: ReadonlyArray<readonly [EventId, AgencyId]>, at: Date): void;
  /** Forgets effects older than `before` (an event is not redelivered after days). */
  prune(before: Date): void;
}

const NONE: ReadonlySet<string> = new Set();

export function effectsStore(db: DatabaseSync): EffectsStore {
  db.exec(
    'CREATE TABLE IF NOT EXISTS effects (event_id TEXT NOT NULL, agency TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (event_id, agency)) WITHOUT ROWID;',
  );
  const effectDone = db.prepare('SELECT 1 FROM effects WHERE event_id = ? AND agency = ?');
  const eventDone = db.prepare('SELECT agency FROM effects WHERE event_id = ?');
  eventDone.setReturnArrays(true);
  const markEffect = db.prepare(
    'INSERT OR IGNORE INTO effects (event_id, agency, at) VALUES (?, ?, ?)',
  );
  const pruneEffects = db.prepare('DELETE FROM effects WHERE at < ?');
  return {
    done: (eventId, agency) => effectDone.get(eventId, agency) !== undefined,
    recipientsDone(eventId) {
      const rows = eventDone.all(eventId) as unknown as Array<[string]>;
      return rows.length ? new Set(rows.map(([agency]) => agency)) : NONE;
    },
    mark(effects, at) {
      const ms = at.getTime();
      // One transaction per batch: one WAL commit (and sync) instead of one per delivery.
      db.exec('BEGIN');
      try {
        for (const [eventId, agency] of effects) markEffect.run(eventId, agency, ms);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    prune: (before) => void pruneEffects.run(before.getTime()),
  };
}

/** Prunes what is older than `keepMs` every `everyMs`; returns the stop. */
export function pruneEffectsPeriodically(
  effects: EffectsStore,
  clock: Clock,
  keepMs = 7 * 86_400_000,
  everyMs = 3_600_000,
): () => void {
  const timer = setInterval(() => effects.prune(new Date(clock.now().getTime() - keepMs)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
