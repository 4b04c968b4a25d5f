// The citizen's transparency view: one row per access record, unique by accessId (the access log
// is delivered at least once: a record read twice is stored once).
import type { DatabaseSync } from 'node:sqlite';

export interface AccessEntry {
  accessId: string;
  recipient: string;
  contract: string;
  fields: string[];
  legalBasis: string;
  consentId: string | null;
  purpose: string;
  recordedAt: string;
  traceId: string | null;
}

export function accessLogStore(db: DatabaseSync) {
  const add = db.prepare(
    'INSERT OR IGNORE INTO access_log (access_id, pivot, recorded_at, body) VALUES (?, ?, ?, ?)',
  );
  const page = db.prepare(
    'SELECT body FROM access_log WHERE pivot = ? ORDER BY recorded_at DESC, seq DESC LIMIT ?',
  );
  return {
    /** False when this accessId was already stored. */
    add(pivot: string, entry: AccessEntry): boolean {
      return (
        Number(
          add.run(entry.accessId, pivot, Date.parse(entry.recordedAt), JSON.stringify(entry))
            .changes,
        ) === 1
      );
    },
    /** The citizen's records, the latest recorded first. */
    list(pivot: string, limit: number): AccessEntry[] {
      return (page.all(pivot, limit) as Array<{ body: string }>).map(
        (r) => JSON.parse(r.body) as AccessEntry,
      );
    },
  };
}

export type AccessLogStore = ReturnType<typeof accessLogStore>;
