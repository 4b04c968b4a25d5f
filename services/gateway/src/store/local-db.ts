// The gateway's own durable state, in an embedded SQLite file on its disk: idempotency
// answers, used assertion ids, the inbox and its cursors, rejects, webhooks. Survives restarts;
// nothing of it is held in process memory.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openGatewayDb(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'gateway.sqlite'));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS idempotency (
      agency TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
      status INTEGER, body TEXT, created_at INTEGER NOT NULL,
      PRIMARY KEY (agency, key)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS used_jti (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rejects (
      id INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, at INTEGER NOT NULL,
      reason TEXT NOT NULL, error TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
      offset TEXT NOT NULL, event_id TEXT);
    CREATE INDEX IF NOT EXISTS rejects_agency ON rejects (agency, id);
  `);
  return db;
}

/** Remembers client-assertion ids until they expire: a replayed assertion is refused. */
export function jtiMemory(db: DatabaseSync, now: () => number) {
  const insert = db.prepare('INSERT OR IGNORE INTO used_jti (jti, expires_at) VALUES (?, ?)');
  const prune = db.prepare('DELETE FROM used_jti WHERE expires_at < ?');
  return (jti: string, expiresAtMs: number): boolean => {
    prune.run(now());
    return Number(insert.run(jti, expiresAtMs).changes) === 1;
  };
}
