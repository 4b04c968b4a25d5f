// What the portal remembers of a citizen between two pages, and when it forgets. A session is
// server-side (the cookie holds a random id; the store keys it by its hash); it ends after an idle
// time or an absolute one, judged on the clock the caller hands in. Pure.
import type { Pseudonym } from '@relais/identity';
import type { Lang } from './format.ts';
import type { EidasLevel } from './levels.ts';

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

export interface Session<D extends SessionData = SessionData> {
  data: D;
  lang?: Lang;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
  /** A sign-in left at the provider for longer is forgotten. */
  loginMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: 30 * 60_000,
  maxMs: 8 * 3_600_000,
  loginMs: 10 * 60_000,
};

export function sessionExpired(s: Session, now: number, policy: SessionPolicy): boolean {
  if (s.data.kind === 'login') return now - s.createdAt > policy.loginMs;
  return now - s.lastSeenAt > policy.idleMs || now - s.createdAt > policy.maxMs;
}

/** Where a session may send the citizen after sign-in: one of the portal's own paths, nothing else. */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/[A-Za-z0-9/_-]*$/.test(next) || next.startsWith('//')) return '/';
  return next;
}
