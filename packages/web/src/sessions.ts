// The server-side session store: one SQLite file per instance of a web face (node:sqlite), keyed by
// the SHA-256 of the cookie's random value, so the file alone opens no session. Expiry is judged on
// the clock handed in; expired rows are removed as they are met and swept at each creation.
// Several instances behind one address need sticky sessions (or one shared store).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Clock } from '@relais/kit';
import { sessionExpired, type Session, type SessionData, type SessionPolicy } from './session.ts';

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
/** 32 random bytes: the cookie's value, and CSRF tokens, state and nonce (43 characters). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export interface SessionStore<D extends SessionData = SessionData> {
  /** A new session; answers the cookie value (never stored as such). */
  create(data: D, lang?: Session['lang']): string;
  /** The live session behind a cookie value (its last-seen time moved on), or undefined. */
  get(cookie: string | undefined): Session<D> | undefined;
  /** Replaces a live session's data (same cookie). */
  update(cookie: string, session: Session<D>): void;
  destroy(cookie: string | undefined): void;
  count(): number;
  close(): void;
}

export function sessionStore<D extends SessionData>(options: {
  dataDir: string;
  clock: Clock;
  policy: SessionPolicy;
  /** The SQLite file's name in dataDir. Default sessions.sqlite. */
  file?: string;
}): SessionStore<D> {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(options.dataDir, options.file ?? 'sessions.sqlite'));
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;`);
  const put = db.prepare(
    'INSERT INTO sessions (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body',
  );
  const read = db.prepare('SELECT body FROM sessions WHERE id = ?');
  const del = db.prepare('DELETE FROM sessions WHERE id = ?');
  const all = db.prepare('SELECT id, body FROM sessions');
  const count = db.prepare('SELECT count(*) AS n FROM sessions');
  const now = () => options.clock.now().getTime();

  function sweep(): void {
    const t = now();
    for (const row of all.all() as Array<{ id: string; body: string }>) {
      if (sessionExpired(JSON.parse(row.body) as Session, t, options.policy)) del.run(row.id);
    }
  }

  return {
    create(data, lang) {
      sweep();
      const cookie = randomToken();
      const t = now();
      const session: Session<D> = { data, createdAt: t, lastSeenAt: t, ...(lang ? { lang } : {}) };
      put.run(hash(cookie), JSON.stringify(session));
      return cookie;
    },
    get(cookie) {
      if (!cookie || cookie.length > 100) return undefined;
      const id = hash(cookie);
      const row = read.get(id) as { body: string } | undefined;
      if (!row) return undefined;
      const session = JSON.parse(row.body) as Session<D>;
      const t = now();
      if (sessionExpired(session, t, options.policy)) {
        del.run(id);
        return undefined;
      }
      const seen = { ...session, lastSeenAt: t };
      put.run(id, JSON.stringify(seen));
      return seen;
    },
    update(cookie, session) {
      put.run(hash(cookie), JSON.stringify(session));
    },
    destroy(cookie) {
      if (cookie) del.run(hash(cookie));
    },
    count: () => (count.get() as { n: number }).n,
    close: () => db.close(),
  };
}
