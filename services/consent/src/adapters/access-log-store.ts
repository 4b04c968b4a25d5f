// The citizen's transparency view: one row per access record, unique by accessId (the access log
// is delivered at least once: a record read twice is stored once). One table in each partition's
// file (consumers/access-log.ts materialises the topic into them).
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId, ConsentId } from '@relais/contracts';
import type { Pivot } from '@relais/identity';

export type AccessLegalBasis = 'consent' | 'legal-obligation' | 'public-task' | 'unknown';

export interface AccessEntry {
  accessId: string;
  recipient: AgencyId;
  contract: string;
  fields: string[];
  /** The catalog's word: consent, legal-obligation, public-task (unknown: a symbol not known). */
  legalBasis: AccessLegalBasis;
  consentId: ConsentId | null;
  purpose: string;
  recordedAt: string;
  traceId: string | null;
}

/** One partition's access records. */
export function accessLogPartition(db: DatabaseSync) {
  db.exec(`CREATE TABLE IF NOT EXISTS access_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, access_id TEXT NOT NULL UNIQUE, pivot TEXT NOT NULL,
      recorded_at INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS access_log_pivot ON access_log (pivot, recorded_at, seq);`);
  const add = db.prepare(
    'INSERT OR IGNORE INTO access_log (access_id, pivot, recorded_at, body) VALUES (?, ?, ?, ?)',
  );
  const page = db.prepare(
    'SELECT body FROM access_log WHERE pivot = ? ORDER BY recorded_at DESC, seq DESC LIMIT ?',
  );
  return {
    /** False when this accessId was already stored. */
    add(pivot: Pivot, entry: AccessEntry): boolean {
      return (
        Number(
          add.run(entry.accessId, pivot, Date.parse(entry.recordedAt), JSON.stringify(entry))
            .changes,
        ) === 1
      );
    },
    /** The citizen's records, the latest recorded first. */
    list(pivot: Pivot, limit: number): AccessEntry[] {
      return (page.all(pivot, limit) as Array<{ body: string }>).map(
        (r) => JSON.parse(r.body) as AccessEntry,
      );
    },
  };
}

export type AccessLogPartition = ReturnType<typeof accessLogPartition>;

/** A citizen's records, whichever partition holds them (the pivot's, in practice only one). */
export function accessLogStore(partitions: () => AccessLogPartition[]) {
  return {
    list(pivot: Pivot, limit: number): AccessEntry[] {
      const all = partitions().flatMap((p) => p.list(pivot, limit));
      // Stable: records of one partition keep their order within a millisecond.
      return all
        .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
        .slice(0, limit);
    },
  };
}

export type AccessLogStore = ReturnType<typeof accessLogStore>;
