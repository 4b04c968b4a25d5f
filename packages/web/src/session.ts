// What a Relais web face remembers of a visitor between two pages, and when it forgets. A session
// is server-side (the cookie holds a random id; the store keys it by its hash); it ends after an
// idle time or an absolute one, judged on the clock the caller hands in. A sign-in under way (kind
// `login`: state, nonce, where to go next) lives shorter. Pure.
import type { Lang } from './format.ts';

/** What every session's data has: a kind; `login` is a sign-in under way. */
export interface SessionData {
  kind: string;
}

/** A sign-in under way: what the callback must find again, and where to go next. */
export interface LoginRequest {
  state: string;
  nonce: string;
  /** PKCE's code verifier, when the relying party uses PKCE. */
  codeVerifier?: string;
}

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

/** Where a session may send the visitor after sign-in: one of the site's own paths, nothing else. */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/[A-Za-z0-9/_-]*$/.test(next) || next.startsWith('//')) return '/';
  return next;
}
