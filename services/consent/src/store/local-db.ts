// The consent service's local state, in one embedded SQLite file on its disk: the latest consent
// document per pivot (from relais.consents), the citizens' access records (from
// relais.access-log) and, per topic partition, the next offset applied. State that grows with
// citizens lives here, not in process memory, and survives restarts.
//
// One file rather than one per partition (as the pseudonym directory does): every instance of
// this service reads every partition (any instance answers any citizen), so partitions never move
// between instances and there is nothing to gain from splitting the file; the progress table
// keeps the offset per partition, written in the same transaction as the state it produced.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export function openConsentDb(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'consent.sqlite'));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS progress (
      topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
      PRIMARY KEY (topic, partition)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS documents (pivot TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS access_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, access_id TEXT NOT NULL UNIQUE, pivot TEXT NOT NULL,
      recorded_at INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS access_log_pivot ON access_log (pivot, recorded_at, seq);
  `);
  return db;
}
