// The console's sessions: @relais/web's SQLite store (keyed by the cookie's hash, idle and absolute
// lifetimes on the clock handed in) holding the console's kinds of session.
import type { Clock } from '@relais/kit';
import { sessionStore, type SessionPolicy, type SessionStore } from '@relais/web';
import type { ConsoleSessionData } from '../domain/session.ts';

export type ConsoleSessions = SessionStore<ConsoleSessionData>;

export const consoleSessions = (options: {
  dataDir: string;
  clock: Clock;
  policy: SessionPolicy;
}): ConsoleSessions =>
  sessionStore<ConsoleSessionData>({ ...options, file: 'web-sessions.sqlite' });
