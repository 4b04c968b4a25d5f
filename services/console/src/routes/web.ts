// What every console page route shares: the deps, cookies and the session, the operator's
// language, who may see a page (an operator's session only: anything else is sent to sign in, or
// refused), CSRF on every form, rendering, and the one-use message after a POST.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '@relais/kit';
import {
  cookieNames,
  csrfMatches,
  messageBody,
  readCookies,
  type Assets,
  type CookieNames,
  type FormBody,
  type Session,
} from '@relais/web';
import type { ConsoleRelyingParty } from '../adapters/oidc.ts';
import type { ConsoleSessions } from '../adapters/sessions.ts';
import { isLang, t, type Lang } from '../domain/i18n.ts';
import type { ConsoleSessionData, OperatorSession } from '../domain/session.ts';
import type { ConsoleActions, ConsoleReads, Operator } from '../domain/views.ts';
import { page, type PageContext, type PageOptions } from '../pages/layout.ts';

export interface ConsoleWebDeps {
  reads: ConsoleReads;
  actions: ConsoleActions;
  rp: ConsoleRelyingParty;
  sessions: ConsoleSessions;
  clock: Clock;
  /** Where operators reach the console; https: cookies get Secure and __Host-. */
  publicUrl: string;
  /** The tracing UI (Zipkin), for links to a trace; null when there is none. */
  traceUiUrl: string | null;
  assets: Assets;
  /** The lag page's automatic refresh, when the operator turns it on. */
  refreshSeconds: number;
}

export const secureCookies = (deps: Pick<ConsoleWebDeps, 'publicUrl'>): boolean =>
  new URL(deps.publicUrl).protocol === 'https:';

/** The console's cookies: apart from the portal's on the same host (cookies ignore ports). */
export const consoleCookies = (deps: Pick<ConsoleWebDeps, 'publicUrl'>): CookieNames =>
  cookieNames(secureCookies(deps), 'relais-console');

export function langOf(request: FastifyRequest, deps: ConsoleWebDeps, session?: Session): Lang {
  if (session?.lang) return session.lang;
  const cookie = readCookies(request).get(consoleCookies(deps).lang);
  if (isLang(cookie)) return cookie;
  return /^\s*en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'fr';
}

export interface Visit {
  lang: Lang;
  session?: Session<ConsoleSessionData> | undefined;
  cookie?: string | undefined;
}

export function visit(request: FastifyRequest, deps: ConsoleWebDeps): Visit {
  const cookie = readCookies(request).get(consoleCookies(deps).session);
  const session = deps.sessions.get(cookie);
  return { lang: langOf(request, deps, session), session, cookie: session ? cookie : undefined };
}

export function context(
  request: FastifyRequest,
  deps: ConsoleWebDeps,
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
    operator:
      data?.kind === 'operator'
        ? { displayName: data.operator.displayName, csrf: data.csrf }
        : undefined,
    signOutOnly: data?.kind === 'refused' ? { csrf: data.csrf } : undefined,
  };
}

export const render = (reply: FastifyReply, ctx: PageContext, o: PageOptions, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').send(page(ctx, o));

/** A page that says one thing and offers one way on (errors, refusals, signed out). */
export function messagePage(
  reply: FastifyReply,
  ctx: PageContext,
  o: { title: string; lead: string; more?: string; link?: { href: string; text: string } },
  status: number,
): FastifyReply {
  return render(reply, ctx, { title: o.title, body: messageBody(o) }, status);
}

export interface OperatorVisit {
  lang: Lang;
  session: Session<OperatorSession>;
  cookie: string;
  operator: Operator;
  ctx: PageContext;
}

function asOperator(request: FastifyRequest, deps: ConsoleWebDeps, v: Visit) {
  if (!v.session || !v.cookie || v.session.data.kind !== 'operator') return undefined;
  const session = v.session as Session<OperatorSession>;
  return {
    lang: v.lang,
    session,
    cookie: v.cookie,
    operator: session.data.operator,
    ctx: context(request, deps, v),
  };
}

/** Why a request is not an operator's, as the page that says so; undefined when it is one. */
function refusal(request: FastifyRequest, reply: FastifyReply, deps: ConsoleWebDeps, v: Visit) {
  const m = t(v.lang);
  const ctx = context(request, deps, v, '/');
  if (v.session?.data.kind === 'refused') {
    return messagePage(
      reply,
      ctx,
      {
        title: m.refusedTitle,
        lead: m.refusedLead(v.session.data.displayName),
        more: m.refusedWhat,
      },
      403,
    );
  }
  // An agency's or any bearer token: the pages open with an operator's session only.
  if (request.headers.authorization !== undefined) {
    return messagePage(reply, ctx, { title: m.bearerTitle, lead: m.bearerLead }, 401);
  }
  return undefined;
}

/** An operator's GET: the visit, or a redirect to sign in (and back to `next`), or a refusal. */
export function operatorGet(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleWebDeps,
  next: string,
): OperatorVisit | undefined {
  const v = visit(request, deps);
  const op = asOperator(request, deps, v);
  if (op) return op;
  if (!refusal(request, reply, deps, v)) {
    void reply.redirect(`/login?${new URLSearchParams({ next }).toString()}`, 303);
  }
  return undefined;
}

/**
 * An operator's form post: the visit, or the page that says why not — no session (401), not an
 * operator (403), the CSRF token missing or wrong (403). Nothing is done in any of those cases.
 */
export function operatorPost(
  request: FastifyRequest<{ Body: FormBody }>,
  reply: FastifyReply,
  deps: ConsoleWebDeps,
): OperatorVisit | undefined {
  const v = visit(request, deps);
  const op = asOperator(request, deps, v);
  const m = t(v.lang);
  if (!op) {
    if (!refusal(request, reply, deps, v)) {
      void messagePage(
        reply,
        context(request, deps, { lang: v.lang }, '/'),
        { title: m.expiredTitle, lead: m.expiredLead, link: { href: '/login', text: m.signIn } },
        401,
      );
    }
    return undefined;
  }
  if (!csrfMatches(request.body ?? {}, op.session.data.csrf)) {
    void messagePage(
      reply,
      op.ctx,
      { title: m.csrfTitle, lead: m.csrfLead, link: { href: '/', text: m.backHome } },
      403,
    );
    return undefined;
  }
  return op;
}

/** One message for the next page (after a POST, redirect, GET). */
export function flash(deps: ConsoleWebDeps, op: OperatorVisit, text: string): void {
  deps.sessions.update(op.cookie, { ...op.session, data: { ...op.session.data, flash: text } });
}

export function takeFlash(deps: ConsoleWebDeps, op: OperatorVisit): string | undefined {
  const text = op.session.data.flash;
  if (text === undefined) return undefined;
  const { flash: _gone, ...data } = op.session.data;
  deps.sessions.update(op.cookie, { ...op.session, data });
  return text;
}

export function notFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleWebDeps,
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
