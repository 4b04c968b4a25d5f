// What the portal remembers of a citizen between two pages. A session is server-side (the cookie
// holds a random id; the store keys it by its hash); it ends after an idle time or an absolute
// one (@relais/web's policy, shared with the console). Pure.
import type { Pseudonym } from '@relais/identity';
import type { Session as WebSession } from '@relais/web/text';
import type { EidasLevel } from './levels.ts';

export {
  defaultSessionPolicy,
  safeNext,
  sessionExpired,
  type SessionPolicy,
} from '@relais/web/text';

/** A sign-in under way: what the callback must find again (state, nonce) and where to go next. */
export interface PendingLogin {
  kind: 'login';
  state: string;
  nonce: string;
  acr: EidasLevel;
  next: string;
}

/** A citizen signed in, linked to their pivot: their portal pseudonym, never the pivot. */
export interface CitizenSession {
  kind: 'citizen';
  pseudonym: Pseudonym;
  acr: EidasLevel;
  /** For RP-initiated logout (id_token_hint); carries only the provider's pairwise sub. */
  idToken: string;
  /** Shown in the header; kept server-side only. */
  givenName: string;
  csrf: string;
  /** A message for the next page (one use). */
  flash?: string;
}

/** Signed in at the provider, but no Relais citizen has this identity: only sign-out is left. */
export interface UnknownSession {
  kind: 'unknown';
  idToken: string;
  csrf: string;
}

export type SessionData = PendingLogin | CitizenSession | UnknownSession;

export type Session<D extends SessionData = SessionData> = WebSession<D>;
