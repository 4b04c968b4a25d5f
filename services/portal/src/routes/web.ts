// What every page route shares: cookies, the session, the citizen's language, CSRF, rendering,
// and the security headers. Cookies are HttpOnly, SameSite=Lax, Secure (and __Host-) behind TLS.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '@relais/contracts';
import type { IdentityLinks, PseudonymDirectory } from '@relais/identity';
import type { Clock } from '@relais/kit';
import {
  cookieNames,
  csrfMatches,
  faceContext,
  faceReplies,
  langOf as webLangOf,
  setFlash,
  takeFlash as takeWebFlash,
  visitOf,
  visitOfKind,
  type FaceVisit,
} from '@relais/web';
import type { Assets } from '../adapters/assets.ts';
import type { CitizenApi, Caller } from '../adapters/citizen-api.ts';
import type { MandatesApi } from '../adapters/mandates-api.ts';
import type { RelyingParty } from '../adapters/oidc.ts';
import type { SessionStore } from '../adapters/sessions.ts';
import type { TokenSigner } from '../adapters/token-signer.ts';
import type { FormBody } from '../domain/forms.ts';
import { t, type Lang } from '../domain/i18n.ts';
import { labels, type Labels } from '@relais/web';
import { reaches, type EidasLevel } from '../domain/levels.ts';
import type { CitizenSession, Session, SessionData } from '../domain/session.ts';
import { page, type PageContext } from '../pages/layout.ts';

export interface PortalDeps {
  catalog: Catalog;
  sessions: SessionStore;
  rp: RelyingParty;
  api: CitizenApi;
  signer: Pick<TokenSigner, 'jwks'>;
  links: Pick<IdentityLinks, 'resolve'>;
  directory: Pick<PseudonymDirectory, 'resolve' | 'pseudonymOf'>;
  assets: Assets;
  clock: Clock;
  /** Behind TLS: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  /** The level asked at a plain sign-in (eidas1). */
  defaultAcr: EidasLevel;
  /** Mandates to France Services and who acted for me (issue 15); none: no such page. */
  mandates?: MandatesApi | undefined;
}

export {
  clearCookie,
  cookieNames,
  readCookies,
  setCookie,
  type CookieNames as Cookies,
} from '@relais/web';

/** The portal's sessions and cookies, as @relais/web's visits read them. */
export const face = (deps: Pick<PortalDeps, 'sessions' | 'secureCookies'>) => ({
  sessions: deps.sessions,
  names: cookieNames(deps.secureCookies),
});

/** The page's language: the session's, else the cookie's, else the browser's, else French. */
export const langOf = (request: FastifyRequest, deps: PortalDeps, session?: Session): Lang =>
  webLangOf(face(deps), request, session);

export type Visit = FaceVisit<SessionData>;

/** The session behind the request's cookie, if any and alive. */
export const visit = (request: FastifyRequest, deps: PortalDeps): Visit =>
  visitOf(face(deps), request);

export interface CitizenVisit {
  lang: Lang;
  session: Session<CitizenSession>;
  cookie: string;
  caller: Caller;
  labels: Labels;
}

export function asCitizen(v: Visit, deps: PortalDeps): CitizenVisit | undefined {
  const c = visitOfKind(v, 'citizen');
  if (!c) return undefined;
  const { session } = c;
  return {
    ...c,
    caller: { pseudonym: session.data.pseudonym, acr: session.data.acr },
    labels: labels(deps.catalog, v.lang),
  };
}

export function context(
  request: FastifyRequest,
  deps: PortalDeps,
  v: Visit,
  path?: string,
): PageContext {
  const data = v.session?.data;
  return faceContext(request, {
    lang: v.lang,
    m: t(v.lang),
    cssPath: deps.assets.cssPath,
    path,
    signedIn: data?.kind === 'citizen' ? { name: data.givenName, csrf: data.csrf } : undefined,
    signOutOnly: data?.kind === 'unknown' ? { csrf: data.csrf } : undefined,
  });
}

/** Pages, pages that say one thing, and the pages every face answers the same way. */
export const { render, messagePage, standardPage } = faceReplies(page);

/** The form's CSRF token matches the session's (constant time). */
export function csrfOk(body: FormBody, session: Session | undefined): boolean {
  const data = session?.data;
  if (!data || data.kind === 'login') return false;
  return csrfMatches(body, data.csrf);
}

/** Sends the citizen to sign in (again, at `level`) and back to `next`. */
export function toLogin(reply: FastifyReply, next: string, level?: EidasLevel): FastifyReply {
  const q = new URLSearchParams({ ...(level ? { level } : {}), next });
  return reply.redirect(`/login?${q.toString()}`, 303);
}

export const hasLevel = (c: CitizenVisit, level: EidasLevel) => reaches(c.session.data.acr, level);

/** One message for the next page (after a POST, redirect, GET). */
export const flash = (deps: PortalDeps, c: CitizenVisit, text: string): void =>
  setFlash(deps.sessions, c.cookie, c.session, text);

export const takeFlash = (deps: PortalDeps, c: CitizenVisit): string | undefined =>
  takeWebFlash(deps.sessions, c.cookie, c.session);

/** A citizen's GET: the visit, or a redirect to sign in and come back to `next`. */
export function citizenGet(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PortalDeps,
  next: string,
): CitizenVisit | undefined {
  const c = asCitizen(visit(request, deps), deps);
  if (!c) void toLogin(reply, next);
  return c;
}

/**
 * A citizen's form post: the visit, or the page that says why not — the session expired (401)
 * or the CSRF token is missing or wrong (403). Nothing is done in either case.
 */
export function citizenPost(
  request: FastifyRequest<{ Body: FormBody }>,
  reply: FastifyReply,
  deps: PortalDeps,
): CitizenVisit | undefined {
  const v = visit(request, deps);
  const c = asCitizen(v, deps);
  if (!c) {
    void standardPage(reply, context(request, deps, { lang: v.lang }), 'expired');
    return undefined;
  }
  if (!csrfOk(request.body ?? {}, c.session)) {
    void standardPage(reply, context(request, deps, v), 'csrf');
    return undefined;
  }
  return c;
}

/** The not-found page, in the citizen's language (another citizen's id lands here too). */
export function notFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PortalDeps,
): FastifyReply {
  return standardPage(reply, context(request, deps, visit(request, deps), '/'), 'notFound');
}
