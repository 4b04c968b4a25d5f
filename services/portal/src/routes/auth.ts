// Signing in the FranceConnect way and out again.
//   GET  /login?level=eidas2&next=/consents   a sign-in under way (its own short cookie), → provider
//   GET  /auth/callback?code&state            code → tokens (id_token verified) → userinfo JWT
//                                              (verified) → keyed hash of the identité pivot →
//                                              pivot → portal pseudonym; a new session (rotated)
//   POST /logout                               CSRF; session gone; → provider's session/end
//   GET  /signed-out                           back from the provider
//   GET  /lang/:lang?back=/path                the language switch (a cookie, and the session's)
// No personal identifier in a URL or a log line: the identity claims are hashed and dropped.
import type { FastifyInstance } from 'fastify';
import { langSwitchRoute } from '@relais/web';
import { LoginError } from '../adapters/oidc.ts';
import { randomToken } from '../adapters/sessions.ts';
import type { FormBody } from '../domain/forms.ts';
import { t } from '../domain/i18n.ts';
import { isEidasLevel } from '../domain/levels.ts';
import { safeNext, type PendingLogin } from '../domain/session.ts';
import {
  clearCookie,
  context,
  cookieNames,
  csrfOk,
  face,
  langOf,
  messagePage,
  readCookies,
  setCookie,
  visit,
  type PortalDeps,
} from './web.ts';

/** The first given name, for the header ("Camille Anne" → "Camille"). */
const firstName = (claims: Record<string, unknown>): string =>
  typeof claims['given_name'] === 'string' ? (claims['given_name'].split(/\s+/)[0] ?? '') : '';

export function authRoutes(deps: PortalDeps) {
  const names = cookieNames(deps.secureCookies);
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { level?: string; next?: string } }>(
      '/login',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { level: { type: 'string' }, next: { type: 'string', maxLength: 200 } },
          },
        },
      },
      async (request, reply) => {
        const level = isEidasLevel(request.query.level) ? request.query.level : deps.defaultAcr;
        const pending: PendingLogin = {
          kind: 'login',
          state: randomToken(),
          nonce: randomToken(),
          acr: level,
          next: safeNext(request.query.next),
        };
        const v = visit(request, deps);
        const cookie = deps.sessions.create(pending, v.lang);
        setCookie(reply, deps.secureCookies, names.login, cookie, 600);
        const to = await deps.rp.authorizationUrl({
          state: pending.state,
          nonce: pending.nonce,
          acr: level,
        });
        return reply.redirect(to.href, 303);
      },
    );

    app.get('/auth/callback', async (request, reply) => {
      const loginCookie = readCookies(request).get(names.login);
      const pending = deps.sessions.get(loginCookie);
      deps.sessions.destroy(loginCookie);
      clearCookie(reply, deps.secureCookies, names.login);
      const lang = pending?.lang ?? langOf(request, deps);
      const ctx = context(request, deps, { lang });
      const m = t(lang);
      if (!pending || pending.data.kind !== 'login') {
        // No sign-in under way here (expired, replayed, or started in another browser).
        return messagePage(
          reply,
          ctx,
          {
            title: m.loginFailedTitle,
            lead: m.loginFailedLead,
            link: { href: '/login', text: m.signIn },
          },
          400,
        );
      }
      const url = new URL(request.url, 'http://portal.invalid');
      let signedIn;
      try {
        signedIn = await deps.rp.callback(url, pending.data);
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        request.log.warn({ code: err.code }, 'sign-in refused');
        return messagePage(
          reply,
          ctx,
          {
            title: m.loginFailedTitle,
            lead: m.loginFailedLead,
            link: {
              href: `/login?level=${pending.data.acr}&next=${encodeURIComponent(pending.data.next)}`,
              text: m.signIn,
            },
          },
          err.code === 'access_denied' ? 403 : 400,
        );
      }

      // Rotate: whatever session this browser had ends; a new id is issued.
      const old = readCookies(request).get(names.session);
      deps.sessions.destroy(old);
      // Normalised, hashed with Relais' identity key, looked up; the claims go no further.
      const pivot = deps.links.resolve(signedIn.claims);
      const pseudonym = pivot ? deps.directory.pseudonymOf('portal', pivot) : undefined;
      const enrolled = pseudonym && deps.directory.resolve('portal', pseudonym) === pivot;
      if (!pseudonym || !enrolled) {
        request.log.info({ outcome: 'unknown-identity' }, 'sign-in');
        const cookie = deps.sessions.create(
          { kind: 'unknown', idToken: signedIn.idToken, csrf: randomToken() },
          lang,
        );
        setCookie(reply, deps.secureCookies, names.session, cookie);
        const session = deps.sessions.get(cookie);
        return messagePage(
          reply,
          context(request, deps, { lang, session, cookie }, '/'),
          { title: m.unknownTitle, lead: m.unknownLead, more: m.unknownWhat },
          403,
        );
      }
      const cookie = deps.sessions.create(
        {
          kind: 'citizen',
          pseudonym,
          acr: signedIn.acr,
          idToken: signedIn.idToken,
          givenName: firstName(signedIn.claims),
          csrf: randomToken(),
        },
        lang,
      );
      setCookie(reply, deps.secureCookies, names.session, cookie);
      request.log.info({ outcome: 'signed-in', acr: signedIn.acr }, 'sign-in');
      return reply.redirect(pending.data.next, 303);
    });

    app.post<{ Body: FormBody }>('/logout', async (request, reply) => {
      const v = visit(request, deps);
      const m = t(v.lang);
      if (!v.session || v.session.data.kind === 'login') {
        return messagePage(
          reply,
          context(request, deps, { lang: v.lang }),
          { title: m.expiredTitle, lead: m.expiredLead, link: { href: '/', text: m.backHome } },
          401,
        );
      }
      if (!csrfOk(request.body ?? {}, v.session)) {
        return messagePage(
          reply,
          context(request, deps, v, '/'),
          { title: m.csrfTitle, lead: m.csrfLead, link: { href: '/', text: m.backHome } },
          403,
        );
      }
      const idToken = v.session.data.idToken;
      deps.sessions.destroy(v.cookie);
      clearCookie(reply, deps.secureCookies, names.session);
      setCookie(reply, deps.secureCookies, names.lang, v.lang, 365 * 86_400);
      return reply.redirect(deps.rp.endSessionUrl({ idToken, state: randomToken() }).href, 303);
    });

    app.get('/signed-out', async (request, reply) => {
      const v = visit(request, deps);
      const m = t(v.lang);
      return messagePage(
        reply,
        context(request, deps, v),
        {
          title: m.signedOutTitle,
          lead: m.signedOutLead,
          link: { href: '/login', text: m.signInAgain },
        },
        200,
      );
    });

    await app.register(langSwitchRoute({ ...face(deps), secure: deps.secureCookies }));
  };
}
