// France Services agents sign in the ProConnect way, and out again (dec-039). Anyone signed in
// who is no agent of a structure gets a 403 page with sign-out only, and the attempt is journaled.
//   GET  /login?next=/dead-letters   a sign-in under way (its own short cookie) → the provider
//   GET  /auth/callback?code&state   code → tokens (id_token verified, nonce, PKCE) → userinfo JWT
//                                    (verified) → the agent's role and structure, or a refusal (403) that
//                                    leaves only sign-out; a new session either way (rotated)
//   POST /logout                     CSRF; session gone; → the provider's session/end
//   GET  /signed-out                 back from the provider
//   GET  /lang/:lang?back=/path      the language switch (a cookie, and the session's)
// No e-mail is asked for; nothing personal goes in a URL or a log line (the outcome only).
import type { FastifyInstance } from 'fastify';
import {
  clearCookie,
  csrfMatches,
  langSwitchRoute,
  randomToken,
  readCookies,
  safeNext,
  setCookie,
  type FormBody,
} from '@relais/web';
import { LoginError } from '../adapters/oidc.ts';
import { t } from '../domain/i18n.ts';
import { judgeSignIn } from '../domain/agent.ts';
import type { PendingLogin } from '../domain/session.ts';
import {
  counterCookies,
  context,
  face,
  messagePage,
  secureCookies,
  standardPage,
  visit,
  type CounterWebDeps,
} from './web.ts';

const LANG_MAX_AGE = 365 * 86_400;

export function authRoutes(deps: CounterWebDeps) {
  const names = counterCookies(deps);
  const secure = secureCookies(deps);
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { next?: string } }>(
      '/login',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { next: { type: 'string', maxLength: 200 } },
          },
        },
      },
      async (request, reply) => {
        const pending: PendingLogin = {
          kind: 'login',
          ...deps.rp.newLogin(),
          next: safeNext(request.query.next),
        };
        const cookie = deps.sessions.create(pending, visit(request, deps).lang);
        setCookie(reply, secure, names.login, cookie, 600);
        const to = await deps.rp.authorizationUrl(pending);
        return reply.redirect(to.href, 303);
      },
    );

    app.get('/auth/callback', async (request, reply) => {
      const loginCookie = readCookies(request).get(names.login);
      const pending = deps.sessions.get(loginCookie);
      deps.sessions.destroy(loginCookie);
      clearCookie(reply, secure, names.login);
      const lang = pending?.lang ?? visit(request, deps).lang;
      const m = t(lang);
      const failed = (status: number) =>
        messagePage(
          reply,
          context(request, deps, { lang }, '/'),
          {
            title: m.loginFailedTitle,
            lead: m.loginFailedLead,
            link: { href: '/login', text: m.signIn },
          },
          status,
        );
      // No sign-in under way here (expired, replayed, or started in another browser).
      if (!pending || pending.data.kind !== 'login') return failed(400);
      let signedIn;
      try {
        signedIn = await deps.rp.callback(
          new URL(request.url, 'http://counter.invalid'),
          pending.data,
        );
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        request.log.warn({ code: err.code }, 'sign-in refused');
        return failed(err.code === 'access_denied' ? 403 : 400);
      }

      // Rotate: whatever session this browser had ends; a new id is issued.
      deps.sessions.destroy(readCookies(request).get(names.session));
      const verdict = judgeSignIn(signedIn.sub, signedIn.claims);
      if (verdict.kind === 'refused') {
        request.log.info({ outcome: verdict.reason }, 'sign-in');
        await deps.refusals.refused(
          { sub: signedIn.sub, name: verdict.displayName },
          verdict.reason,
        );
        const cookie = deps.sessions.create(
          {
            kind: 'refused',
            displayName: verdict.displayName,
            idToken: signedIn.idToken,
            csrf: randomToken(),
          },
          lang,
        );
        setCookie(reply, secure, names.session, cookie);
        const session = deps.sessions.get(cookie);
        return messagePage(
          reply,
          context(request, deps, { lang, session, cookie }, '/'),
          { title: m.refusedTitle, lead: m.refusedLead(verdict.displayName), more: m.refusedWhat },
          403,
        );
      }
      const cookie = deps.sessions.create(
        {
          kind: 'agent',
          agent: verdict.agent,
          idToken: signedIn.idToken,
          csrf: randomToken(),
        },
        lang,
      );
      setCookie(reply, secure, names.session, cookie);
      request.log.info({ outcome: 'agent' }, 'sign-in');
      return reply.redirect(pending.data.next, 303);
    });

    app.post<{ Body: FormBody }>('/logout', async (request, reply) => {
      const v = visit(request, deps);
      const data = v.session?.data;
      if (!data || data.kind === 'login' || data.kind === 'confirm') {
        return standardPage(reply, context(request, deps, { lang: v.lang }, '/'), 'expired');
      }
      if (!csrfMatches(request.body ?? {}, data.csrf)) {
        return standardPage(reply, context(request, deps, v, '/'), 'csrf');
      }
      deps.sessions.destroy(v.cookie);
      clearCookie(reply, secure, names.session);
      setCookie(reply, secure, names.lang, v.lang, LANG_MAX_AGE);
      const to = deps.rp.endSessionUrl({ idToken: data.idToken, state: randomToken() });
      return reply.redirect(to.href, 303);
    });

    app.get('/signed-out', async (request, reply) => {
      const v = visit(request, deps);
      const m = t(v.lang);
      return messagePage(
        reply,
        context(request, deps, v, '/'),
        {
          title: m.signedOutTitle,
          lead: m.signedOutLead,
          link: { href: '/login', text: m.signInAgain },
        },
        200,
      );
    });

    await app.register(langSwitchRoute(face(deps)));
  };
}
