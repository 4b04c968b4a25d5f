// The gateway's embedded SQLite file: idempotency answers and rejects (this instance's own), and
// the webhooks' endpoints and deliveries as replicated from their topics (dec-046; the inbox and
// the used assertion ids have files of their own, materialised from Kafka). Each store creates
// its tables. Survives restarts; nothing of it is held in process memory.
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
