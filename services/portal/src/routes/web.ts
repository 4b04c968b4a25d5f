// What every page route shares: cookies, the session, the citizen's language, CSRF, rendering,
// and the security headers. Cookies are HttpOnly, SameSite=Lax, Secure (and __Host-) behind TLS.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '@relais/contracts';
import type { IdentityLinks, PseudonymDirectory } from '@relais/identity';
import type { Clock } from '@relais/kit';
import { cookieNames, csrfMatches, messageBody, readCookies } from '@relais/web';
import type { Assets } from '../adapters/assets.ts';
import type { CitizenApi, Caller } from '../adapters/citizen-api.ts';
import type { RelyingParty } from '../adapters/oidc.ts';
import type { SessionStore } from '../adapters/sessions.ts';
import type { TokenSigner } from '../adapters/token-signer.ts';
import type { FormBody } from '../domain/forms.ts';
import { isLang, t, type Lang } from '../domain/i18n.ts';
import { labels, type Labels } from '../domain/labels.ts';
import { reaches, type EidasLevel } from '../domain/levels.ts';
import type { CitizenSession, Session } from '../domain/session.ts';
import { page, type PageContext, type PageOptions } from '../pages/layout.ts';

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
}

export {
  clearCookie,
  cookieNames,
  readCookies,
  setCookie,
  type CookieNames as Cookies,
} from '@relais/web';

/** The page's language: the session's, else the cookie's, else the browser's, else French. */
export function langOf(request: FastifyRequest, deps: PortalDeps, session?: Session): Lang {
  if (session?.lang) return session.lang;
  const cookie = readCookies(request).get(cookieNames(deps.secureCookies).lang);
  if (isLang(cookie)) return cookie;
  const accept = request.headers['accept-language'] ?? '';
  return /^\s*en\b/i.test(accept) ? 'en' : 'fr';
}

export interface Visit {
  lang: Lang;
  session?: Session | undefined;
  cookie?: string | undefined;
}

/** The session behind the request's cookie, if any and alive. */
export function visit(request: FastifyRequest, deps: PortalDeps): Visit {
  const cookie = readCookies(request).get(cookieNames(deps.secureCookies).session);
  const session = deps.sessions.get(cookie);
  return { lang: langOf(request, deps, session), session, cookie: session ? cookie : undefined };
}

export interface CitizenVisit {
  lang: Lang;
  session: Session<CitizenSession>;
  cookie: string;
  caller: Caller;
  labels: Labels;
}

export function asCitizen(v: Visit, deps: PortalDeps): CitizenVisit | undefined {
  if (!v.session || !v.cookie || v.session.data.kind !== 'citizen') return undefined;
  const session = v.session as Session<CitizenSession>;
  return {
    lang: v.lang,
    session,
    cookie: v.cookie,
    caller: { pseudonym: session.data.pseudonym, acr: session.data.acr },
    labels: labels(deps.catalog, v.lang),
  };
}

export function context(
  request: FastifyRequest,
  deps: PortalDeps,
  v: Visit,
  path = request.routeOptions.url ?? '/',
): PageContext {
  const data = v.session?.data;
  return {
    lang: v.lang,
    m: t(v.lang),
    // The route's pattern, never the URL with its ids.
    path: path.replace(/\/:[^/]+/g, ''),
    cssPath: deps.assets.cssPath,
    citizen: data?.kind === 'citizen' ? { givenName: data.givenName, csrf: data.csrf } : undefined,
    signOutOnly: data?.kind === 'unknown' ? { csrf: data.csrf } : undefined,
  };
}

export function render(
  reply: FastifyReply,
  ctx: PageContext,
  o: PageOptions,
  status = 200,
): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(page(ctx, o));
}

/** A page that says one thing and offers one way on (errors, signed out, unknown identity). */
export function messagePage(
  reply: FastifyReply,
  ctx: PageContext,
  o: { title: string; lead: string; more?: string; link?: { href: string; text: string } },
  status: number,
): FastifyReply {
  return render(reply, ctx, { title: o.title, body: messageBody(o) }, status);
}

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
export function flash(deps: PortalDeps, c: CitizenVisit, text: string): void {
  deps.sessions.update(c.cookie, { ...c.session, data: { ...c.session.data, flash: text } });
}

export function takeFlash(deps: PortalDeps, c: CitizenVisit): string | undefined {
  const text = c.session.data.flash;
  if (text === undefined) return undefined;
  const { flash: _gone, ...data } = c.session.data;
  deps.sessions.update(c.cookie, { ...c.session, data });
  return text;
}

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
  const m = t(v.lang);
  if (!c) {
    void messagePage(
      reply,
      context(request, deps, { lang: v.lang }),
      { title: m.expiredTitle, lead: m.expiredLead, link: { href: '/login', text: m.signIn } },
      401,
    );
    return undefined;
  }
  if (!csrfOk(request.body ?? {}, c.session)) {
    void messagePage(
      reply,
      context(request, deps, v),
      { title: m.csrfTitle, lead: m.csrfLead, link: { href: '/', text: m.backHome } },
      403,
    );
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
  const v = visit(request, deps);
  const m = t(v.lang);
  return messagePage(
    reply,
    context(request, deps, v, '/'),
    { title: m.notFoundTitle, lead: m.notFoundLead, link: { href: '/', text: m.backHome } },
    404,
  );
}
