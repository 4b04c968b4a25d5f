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
  db.exec('PRAGMA journal_mode = WAL;');
  return db;
}

export interface EffectsStore {
  done(eventId: EventId, agency: AgencyId): boolean;
  mark(effects: ReadonlyArray<readonly [EventId, AgencyId]>, at: Date): void;
  /** Forgets effects older than `before` (an event is not redelivered after days). */
  prune(before: Date): void;
}

export function effectsStore(db: DatabaseSync): EffectsStore {
  db.exec(
    'CREATE TABLE IF NOT EXISTS effects (event_id TEXT NOT NULL, agency TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (event_id, agency)) WITHOUT ROWID;',
  );
  const effectDone = db.prepare('SELECT 1 FROM effects WHERE event_id = ? AND agency = ?');
  const markEffect = db.prepare(
    'INSERT OR IGNORE INTO effects (event_id, agency, at) VALUES (?, ?, ?)',
  );
  const pruneEffects = db.prepare('DELETE FROM effects WHERE at < ?');
  return {
    done: (eventId, agency) => effectDone.get(eventId, agency) !== undefined,
    mark(effects, at) {
      const ms = at.getTime();
      for (const [eventId, agency] of effects) markEffect.run(eventId, agency, ms);
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
