// The agents' faces — the operators' console and the France Services counter — sign in the
// ProConnect way and let in one kind of agent; this is what they share (dec-029, dec-039):
//   GET  /login?next=/path         a sign-in under way (its own short cookie) → the provider
//   GET  /auth/callback?code&state code → tokens (id_token verified, nonce, PKCE) → userinfo JWT
//                                  (verified) → the face's verdict: a session of its kind, or a
//                                  refusal (403) that leaves only sign-out; a new session either way
//   POST /logout                   CSRF; session gone; → the provider's session/end
//   GET  /signed-out               back from the provider
//   GET  /lang/:lang?back=/path    the language switch (a cookie, and the session's)
// and the gate of every page: the agent's visit, or sign-in (GET), or the page that says why not —
// refused at sign-in (403), a bearer token (401), no session on a form (expired), a wrong CSRF
// token (403). Who may enter is the face's call (its domain); nothing personal goes in a URL or a
// log line (the outcome only). Each face's session data has the `login` and `refused` shapes
// (AgentsSessionData) beside its agents' own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, csrfMatches, readCookies, setCookie, type CookieNames } from './http.ts';
import type { FormBody } from './forms.ts';
import type { Lang } from './format.ts';
import { LoginError, type BaseRelyingParty, type SignedIn } from './oidc.ts';
import { safeNext, type LoginRequest, type Session, type SessionData } from './session.ts';
import { randomToken, type SessionStore } from './sessions.ts';
import { langSwitchRoute, visitOf, visitOfKind, type FaceVisit } from './visits.ts';

const LANG_MAX_AGE = 365 * 86_400;
const LOGIN_SECONDS = 600;

/** What an agents' face keeps: a sign-in under way, someone refused, or one of its agents. */
export type AgentsSessionData =
  | (LoginRequest & { kind: 'login'; next: string })
  | { kind: 'refused'; displayName: string; idToken: string; csrf: string }
  | { kind: string; idToken: string; csrf: string };

export interface AgentsMessage {
  title: string;
  lead: string;
  more?: string;
  link?: { href: string; text: string };
}

/** The words the sign-in and the gate say, in the visitor's language. */
export interface AgentsWords {
  loginFailedTitle: string;
  loginFailedLead: string;
  signIn: string;
  refusedTitle: string;
  refusedLead: (name: string) => string;
  refusedWhat: string;
  signedOutTitle: string;
  signedOutLead: string;
  signInAgain: string;
  bearerTitle: string;
  bearerLead: string;
}

/**
 * The face's verdict on who signed in: a refusal (journaled by the face if it does), or its
 * agent's session data but the id_token and the CSRF token, which the sign-in adds.
 */
export type AgentsVerdict =
  { kind: 'refused'; displayName: string; reason: string } | { kind: string; displayName?: never };

export interface AgentsFace<D extends SessionData, C> {
  sessions: SessionStore<D>;
  names: CookieNames;
  secure: boolean;
  words: (lang: Lang) => AgentsWords;
  context: (
    request: FastifyRequest,
    v: { lang: Lang; session?: Session<D> | undefined; cookie?: string | undefined },
    path?: string,
  ) => C;
  messagePage: (reply: FastifyReply, ctx: C, o: AgentsMessage, status: number) => FastifyReply;
  standardPage: (reply: FastifyReply, ctx: C, kind: 'expired' | 'csrf') => FastifyReply;
}

export interface AgentsSignInOptions<D extends SessionData, C> extends AgentsFace<D, C> {
  rp: Pick<BaseRelyingParty, 'newLogin' | 'authorizationUrl' | 'callback' | 'endSessionUrl'>;
  judge: (sub: string, claims: Readonly<Record<string, unknown>>) => AgentsVerdict;
  /** Someone signed in who may not enter: the face journals it if it does. */
  onRefused?: (who: { sub: string; name: string }, reason: string) => Promise<void>;
}

/** The face's sign-in and sign-out routes, as a fastify plugin. */
export function agentsSignIn<D extends SessionData, C>(o: AgentsSignInOptions<D, C>) {
  const { names, secure, sessions } = o;
  const visit = (request: FastifyRequest): FaceVisit<D> => visitOf(o, request);
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { next?: string } }>(
      '/login',
      {
        schema: {
          querystring: { type: 'object', properties: { next: { type: 'string', maxLength: 200 } } },
        },
      },
      async (request, reply) => {
        const pending = { kind: 'login', ...o.rp.newLogin(), next: safeNext(request.query.next) };
        const cookie = sessions.create(pending as unknown as D, visit(request).lang);
        setCookie(reply, secure, names.login, cookie, LOGIN_SECONDS);
        const to = await o.rp.authorizationUrl(pending);
        return reply.redirect(to.href, 303);
      },
    );

    app.get('/auth/callback', async (request, reply) => {
      const loginCookie = readCookies(request).get(names.login);
      const pending = sessions.get(loginCookie);
      sessions.destroy(loginCookie);
      clearCookie(reply, secure, names.login);
      const lang = pending?.lang ?? visit(request).lang;
      const m = o.words(lang);
      const failed = (status: number) =>
        o.messagePage(
          reply,
          o.context(request, { lang }, '/'),
          {
            title: m.loginFailedTitle,
            lead: m.loginFailedLead,
            link: { href: '/login', text: m.signIn },
          },
          status,
        );
      // No sign-in under way here (expired, replayed, or started in another browser).
      const data = pending?.data as AgentsSessionData | undefined;
      if (!data || data.kind !== 'login' || !('next' in data)) return failed(400);
      let signedIn: SignedIn;
      try {
        signedIn = await o.rp.callback(new URL(request.url, 'http://face.invalid'), data);
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        request.log.warn({ code: err.code }, 'sign-in refused');
        return failed(err.code === 'access_denied' ? 403 : 400);
      }

      // Rotate: whatever session this browser had ends; a new id is issued.
      sessions.destroy(readCookies(request).get(names.session));
      const verdict = o.judge(signedIn.sub, signedIn.claims);
      if (verdict.kind === 'refused' && verdict.displayName !== undefined) {
        request.log.info({ outcome: verdict.reason }, 'sign-in');
        await o.onRefused?.({ sub: signedIn.sub, name: verdict.displayName }, verdict.reason);
        const refused = {
          kind: 'refused',
          displayName: verdict.displayName,
          idToken: signedIn.idToken,
          csrf: randomToken(),
        };
        const cookie = sessions.create(refused as unknown as D, lang);
        setCookie(reply, secure, names.session, cookie);
        return o.messagePage(
          reply,
          o.context(request, { lang, session: sessions.get(cookie), cookie }, '/'),
          { title: m.refusedTitle, lead: m.refusedLead(verdict.displayName), more: m.refusedWhat },
          403,
        );
      }
      const session = { ...verdict, idToken: signedIn.idToken, csrf: randomToken() };
      const cookie = sessions.create(session as unknown as D, lang);
      setCookie(reply, secure, names.session, cookie);
      request.log.info({ outcome: verdict.kind }, 'sign-in');
      return reply.redirect(data.next, 303);
    });

    app.post<{ Body: FormBody }>('/logout', async (request, reply) => {
      const v = visit(request);
      const data = v.session?.data as AgentsSessionData | undefined;
      if (!data || !('csrf' in data) || !('idToken' in data))
        return o.standardPage(reply, o.context(request, { lang: v.lang }, '/'), 'expired');
      if (!csrfMatches(request.body ?? {}, data.csrf))
        return o.standardPage(reply, o.context(request, v, '/'), 'csrf');
      sessions.destroy(v.cookie);
      clearCookie(reply, secure, names.session);
      setCookie(reply, secure, names.lang, v.lang, LANG_MAX_AGE);
      const to = o.rp.endSessionUrl({ idToken: data.idToken, state: randomToken() });
      return reply.redirect(to.href, 303);
    });

    app.get('/signed-out', async (request, reply) => {
      const v = visit(request);
      const m = o.words(v.lang);
      return o.messagePage(
        reply,
        o.context(request, v, '/'),
        {
          title: m.signedOutTitle,
          lead: m.signedOutLead,
          link: { href: '/login', text: m.signInAgain },
        },
        200,
      );
    });

    await app.register(langSwitchRoute(o));
  };
}

/** An agent's visit: their session of the face's kind, its cookie, the page's context. */
export interface AgentsVisit<D extends SessionData, C> {
  lang: Lang;
  session: Session<D>;
  cookie: string;
  ctx: C;
}

/** Who may see a page: the face's agents only (sessions of `kind`: 'operator', 'agent'). */
export function agentsGate<D extends SessionData, K extends D['kind'], C>(
  o: AgentsFace<D, C>,
  kind: K,
) {
  /** Why a request is not an agent's, as the page that says so; undefined when it is one. */
  function refusal(request: FastifyRequest, reply: FastifyReply, v: FaceVisit<D>) {
    const m = o.words(v.lang);
    const ctx = o.context(request, v, '/');
    const data = v.session?.data as AgentsSessionData | undefined;
    if (data?.kind === 'refused' && 'displayName' in data)
      return o.messagePage(
        reply,
        ctx,
        { title: m.refusedTitle, lead: m.refusedLead(data.displayName), more: m.refusedWhat },
        403,
      );
    // Any bearer token: the pages open with an agent's session only.
    if (request.headers.authorization !== undefined)
      return o.messagePage(reply, ctx, { title: m.bearerTitle, lead: m.bearerLead }, 401);
    return undefined;
  }

  function enter(
    request: FastifyRequest,
    reply: FastifyReply,
    otherwise: (v: FaceVisit<D>) => unknown,
  ): AgentsVisit<Extract<D, { kind: K }>, C> | undefined {
    const v = visitOf(o, request);
    const a = visitOfKind(v, kind);
    if (a) return { ...a, ctx: o.context(request, v) };
    if (!refusal(request, reply, v)) void otherwise(v);
    return undefined;
  }

  return {
    /** An agent's GET: the visit, or a redirect to sign in (and back to `next`), or a refusal. */
    get: (request: FastifyRequest, reply: FastifyReply, next: string) =>
      enter(request, reply, () =>
        reply.redirect(`/login?${new URLSearchParams({ next }).toString()}`, 303),
      ),
    /** An agent's form post: the visit, or the page that says why not; nothing done then. */
    post(request: FastifyRequest<{ Body: FormBody }>, reply: FastifyReply) {
      const a = enter(request, reply, (v) =>
        o.standardPage(reply, o.context(request, { lang: v.lang }, '/'), 'expired'),
      );
      const csrf = (a?.session.data as { csrf?: string } | undefined)?.csrf ?? '';
      if (a && !csrfMatches(request.body ?? {}, csrf)) {
        void o.standardPage(reply, a.ctx, 'csrf');
        return undefined;
      }
      return a;
    },
  };
}
