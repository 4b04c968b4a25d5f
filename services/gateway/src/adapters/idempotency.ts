// Idempotency-Key: a retried request is one event with the same answer. The first request
// claims the key; a retry with the same body replays the stored answer; the same key with
// another body is refused (422), and one still in flight answers 409. A claim is this process's:
// one left in flight by a gateway that died (SIGKILL between the claim and the answer) is taken
// over by the next request with the same key and body, which runs again — with the same event
// ids (eventIdFor), so what the dead process may have produced is the same event, which the
// router and the inboxes drop as a repeat. Found by the fault campaign (test/faults): before,
// such a key answered 409 for 24 h.
import { createHash, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AgencyId } from '@relais/contracts';
import { gatewayErrors } from '../errors.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * What the events routes use: this process's store (below, one instance and unit tests) or the
 * one shared by the instances through Kafka (idempotency-log.ts, dec-046).
 */
export interface Idempotency {
  hash(parts: unknown[]): string;
  /** undefined: the caller runs the request and completes; else the answer to replay. */
  begin(
    agency: AgencyId,
    key: string,
    requestHash: string,
  ): StoredAnswer | undefined | Promise<StoredAnswer | undefined>;
  complete(agency: AgencyId, key: string, answer: StoredAnswer): void | Promise<void>;
  /** A request that failed before Kafka acknowledged may be retried with the same key. */
  abandon(agency: AgencyId, key: string): void | Promise<void>;
}

export const requestHash = (parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

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
  // Files made before claims had owners get the column (null: a process gone long ago).
  const columns = db.prepare('PRAGMA table_info(idempotency)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === 'owner'))
    db.exec('ALTER TABLE idempotency ADD COLUMN owner TEXT');
  /** This process: a claim of another one still in flight was left by a gateway that died. */
  const me = randomUUID();
  const claim = db.prepare(
    'INSERT OR IGNORE INTO idempotency (agency, key, request_hash, created_at, owner) VALUES (?, ?, ?, ?, ?)',
  );
  const takeOver = db.prepare(
    `UPDATE idempotency SET owner = ? WHERE agency = ? AND key = ? AND status IS NULL
       AND (owner IS NULL OR owner <> ?)`,
  );
  const complete = db.prepare(
    'UPDATE idempotency SET status = ?, body = ? WHERE agency = ? AND key = ?',
  );
  const release = db.prepare(
    'DELETE FROM idempotency WHERE agency = ? AND key = ? AND status IS NULL',
  );
  const prune = db.prepare('DELETE FROM idempotency WHERE created_at < ?');
  return {
    hash: requestHash,
    /** undefined: the caller runs the request and completes; else the answer to replay. */
    begin(agency: AgencyId, key: string, requestHash: string): StoredAnswer | undefined {
      prune.run(now() - retentionMs);
      if (Number(claim.run(agency, key, requestHash, now(), me).changes) === 1) return undefined;
      const row = get.get(agency, key) as
        { request_hash: string; status: number | null; body: string | null } | undefined;
      if (!row) return undefined;
      if (row.request_hash !== requestHash) throw gatewayErrors.idempotencyKeyReused();
      if (row.status === null) {
        // node:sqlite is synchronous: no other request of this process runs between these lines.
        if (Number(takeOver.run(me, agency, key, me).changes) === 1) return undefined;
        throw gatewayErrors.idempotencyInProgress();
      }
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

/**
 * The id of the `index`-th event of a request made with an Idempotency-Key: the same agency, key
 * and request give the same id, in whichever process runs it (a UUID of SHA-256, version 8).
 */
export function eventIdFor(
  agency: string,
  key: string,
  requestHash: string,
  index: number,
): string {
  const h = createHash('sha256')
    .update(`${agency}\n${key}\n${requestHash}\n${index}`)
    .digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
