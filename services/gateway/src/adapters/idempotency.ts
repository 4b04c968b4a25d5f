// Idempotency-Key: a retried request is one event with the same answer. The first request
// claims the key; a retry with the same body replays the stored answer; the same key with
// another body is refused (422), and one still in flight answers 409.
import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId } from '@relais/contracts';
import { gatewayErrors } from '../errors.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export function idempotencyStore(db: DatabaseSync, now: () => number, retentionMs = 24 * 3600_000) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency (
      agency TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
      status INTEGER, body TEXT, created_at INTEGER NOT NULL,
      PRIMARY KEY (agency, key)) WITHOUT ROWID;
  `);
  const get = db.prepare(
    'SELECT request_hash, status, body FROM idempotency WHERE agency = ? AND key = ?',
  );
  const claim = db.prepare(
    'INSERT OR IGNORE INTO idempotency (agency, key, request_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const complete = db.prepare(
    'UPDATE idempotency SET status = ?, body = ? WHERE agency = ? AND key = ?',
  );
  const release = db.prepare(
    'DELETE FROM idempotency WHERE agency = ? AND key = ? AND status IS NULL',
  );
  const prune = db.prepare('DELETE FROM idempotency WHERE created_at < ?');
  return {
    hash: (parts: unknown[]): string =>
      createHash('sha256').update(JSON.stringify(parts)).digest('hex'),
    /** undefined: the caller runs the request and completes; else the answer to replay. */
    begin(agency: AgencyId, key: string, requestHash: string): StoredAnswer | undefined {
      prune.run(now() - retentionMs);
      if (Number(claim.run(agency, key, requestHash, now()).changes) === 1) return undefined;
      const row = get.get(agency, key) as
        { request_hash: string; status: number | null; body: string | null } | undefined;
      if (!row) return undefined;
      if (row.request_hash !== requestHash) throw gatewayErrors.idempotencyKeyReused();
      if (row.status === null) throw gatewayErrors.idempotencyInProgress();
      return { status: row.status, body: JSON.parse(row.body ?? 'null') as unknown };
    },
    complete(agency: AgencyId, key: string, answer: StoredAnswer): void {
      complete.run(answer.status, JSON.stringify(answer.body), agency, key);
    },
    /** A request that failed before Kafka acknowledged may be retried with the same key. */
    abandon(agency: AgencyId, key: string): void {
      release.run(agency, key);
    },
  };
}

export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
