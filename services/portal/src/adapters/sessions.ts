// The portal's sessions: @relais/web's SQLite store (keyed by the cookie's hash, expiry on the
// clock handed in) holding the portal's kinds of session. Several instances behind one address
// need sticky sessions (or one shared store): see README.
import type { Clock } from '@relais/kit';
import { sessionStore as webSessionStore, type SessionStore as WebStore } from '@relais/web';
import type { SessionData, SessionPolicy } from '../domain/session.ts';

export { randomToken } from '@relais/web';

export type SessionStore = WebStore<SessionData>;

export const sessionStore = (options: {
  dataDir: string;
  clock: Clock;
  policy: SessionPolicy;
}): SessionStore => webSessionStore<SessionData>(options);
