// A visit to a face: the session behind the request's cookie, the visitor's language (the
// session's, else the language cookie's, else the browser's, else French), the one-use message
// after a POST, and the language switch — the same on every face, each with its own cookies.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, type Lang } from './format.ts';
import type { FaceContext, FacePageOptions, FaceWords } from './dsfr.ts';
import { messageBody } from './fields.ts';
import { readCookies, setCookie, type CookieNames } from './http.ts';
import { safeNext, type Session, type SessionData } from './session.ts';
import type { SessionStore } from './sessions.ts';
import { standardMessage, type StandardPage, type StandardWords } from './words.ts';

export interface FaceVisit<D extends SessionData> {
  lang: Lang;
  session?: Session<D> | undefined;
  /** The session's cookie value, when the session is alive. */
  cookie?: string | undefined;
}

export interface FaceSessions<D extends SessionData> {
  sessions: SessionStore<D>;
  names: CookieNames;
}

/** The visitor's language: the session's, else the cookie's, else the browser's, else French. */
export function langOf<D extends SessionData>(
  face: FaceSessions<D>,
  request: FastifyRequest,
  session?: Session<D>,
): Lang {
  if (session?.lang) return session.lang;
  const cookie = readCookies(request).get(face.names.lang);
  if (isLang(cookie)) return cookie;
  return /^\s*en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'fr';
}

/** The session behind the request's cookie, if any and alive. */
export function visitOf<D extends SessionData>(
  face: FaceSessions<D>,
  request: FastifyRequest,
): FaceVisit<D> {
  const cookie = readCookies(request).get(face.names.session);
  const session = face.sessions.get(cookie);
  return { lang: langOf(face, request, session), session, cookie: session ? cookie : undefined };
}

/**
 * What a page of a face knows of the visit: the visitor's words, the route's pattern (never the
 * URL with its ids) for the menu and the language switch, who is signed in.
 */
export function faceContext<W extends FaceWords>(
  request: FastifyRequest,
  o: {
    lang: Lang;
    m: W;
    cssPath: string;
    path?: string | undefined;
    signedIn?: FaceContext<W>['signedIn'];
    signOutOnly?: FaceContext<W>['signOutOnly'];
  },
): FaceContext<W> {
  // The page's own path (its ids included), so the language switch comes back to this page;
  // safeNext refuses anything but a plain same-origin path on the way back.
  const path = o.path ?? (request.url.split('?')[0] || '/');
  return { ...o, path };
}

/** How a face answers with a page: rendered, a page that says one thing, a standard one. */
export function faceReplies<
  C extends FaceContext<FaceWords & StandardWords>,
  O extends FacePageOptions<string>,
>(page: (ctx: C, o: O) => string) {
  const render = (reply: FastifyReply, ctx: C, o: O, status = 200): FastifyReply =>
    reply.status(status).type('text/html; charset=utf-8').send(page(ctx, o));
  /** A page that says one thing and offers one way on (errors, refusals, signed out). */
  const messagePage = (
    reply: FastifyReply,
    ctx: C,
    o: { title: string; lead: string; more?: string; link?: { href: string; text: string } },
    status: number,
  ): FastifyReply => render(reply, ctx, { title: o.title, body: messageBody(o) } as O, status);
  /** A page every face answers the same way: session expired, form expired, not found. */
  const standardPage = (reply: FastifyReply, ctx: C, which: StandardPage): FastifyReply => {
    const { status, ...o } = standardMessage(ctx.m, which);
    return messagePage(reply, ctx, o, status);
  };
  return { render, messagePage, standardPage };
}

type WithFlash = SessionData & { flash?: string };

/** The visit when its session is alive and of `kind`: its language, its session narrowed, its cookie. */
export function visitOfKind<D extends SessionData, K extends D['kind']>(
  v: FaceVisit<D>,
  kind: K,
): { lang: Lang; session: Session<Extract<D, { kind: K }>>; cookie: string } | undefined {
  if (!v.session || !v.cookie || v.session.data.kind !== kind) return undefined;
  return { lang: v.lang, session: v.session as Session<Extract<D, { kind: K }>>, cookie: v.cookie };
}

/** One message for the next page (after a POST, redirect, GET). */
export function setFlash<D extends WithFlash>(
  sessions: SessionStore<D>,
  cookie: string,
  session: Session<D>,
  text: string,
): void {
  sessions.update(cookie, { ...session, data: { ...session.data, flash: text } });
}

/** The message left for this page, taken (it shows once). */
export function takeFlash<D extends WithFlash>(
  sessions: SessionStore<D>,
  cookie: string,
  session: Session<D>,
): string | undefined {
  const text = session.data.flash;
  if (text === undefined) return undefined;
  const { flash: _gone, ...data } = session.data;
  sessions.update(cookie, { ...session, data: data as D });
  return text;
}

/** GET /lang/:lang?back=/path: the language switch (a cookie for a year, and the session's). */
export function langSwitchRoute<D extends SessionData>(
  face: FaceSessions<D> & { secure: boolean },
) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { lang: string }; Querystring: { back?: string } }>(
      '/lang/:lang',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { back: { type: 'string', maxLength: 200 } },
          },
        },
      },
      async (request, reply) => {
        const lang = request.params.lang;
        if (!isLang(lang)) return reply.redirect('/', 303);
        setCookie(reply, face.secure, face.names.lang, lang, 365 * 86_400);
        const v = visitOf(face, request);
        if (v.session && v.cookie) face.sessions.update(v.cookie, { ...v.session, lang });
        return reply.redirect(safeNext(request.query.back), 303);
      },
    );
  };
}
