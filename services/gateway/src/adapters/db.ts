// The gateway's own durable state, in an embedded SQLite file on its disk: idempotency
// answers, used assertion ids, the inbox and its cursors, rejects, webhooks (each store creates
// its tables). Survives restarts; nothing of it is held in process memory.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openGatewayDb(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'gateway.sqlite'));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
  `);
  return db;
}

/** Remembers client-assertion ids until they expire: a replayed assertion is refused. */
export function jtiMemory(db: DatabaseSync, now: () => number) {
  db.exec(
    'CREATE TABLE IF NOT EXISTS used_jti (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO used_jti (jti, expires_at) VALUES (?, ?)');
  const prune = db.prepare('DELETE FROM used_jti WHERE expires_at < ?');
  return (jti: string, expiresAtMs: number): boolean => {
    prune.run(now());
    return Number(insert.run(jti, expiresAtMs).changes) === 1;
  };
}
