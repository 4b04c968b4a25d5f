// The counter's sessions: @relais/web's SQLite store (keyed by the cookie's hash, idle and absolute
// lifetimes on the clock handed in), apart from the portal's and the console's.
import type { Clock } from '@relais/kit';
import { sessionStore, type SessionPolicy, type SessionStore } from '@relais/web';
import type { CounterSessionData } from '../domain/session.ts';

export type CounterSessions = SessionStore<CounterSessionData>;

export const counterSessions = (options: {
  dataDir: string;
  clock: Clock;
  policy: SessionPolicy;
}): CounterSessions =>
  sessionStore<CounterSessionData>({ ...options, file: 'counter-sessions.sqlite' });
