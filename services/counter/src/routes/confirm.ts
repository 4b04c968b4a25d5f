// A citizen confirms a new mandate by signing in once on the agent's screen, FranceConnect-style
// (issue 15 §1, dec-034): the counter's citizens' client, any eIDAS level, always a fresh sign-in.
//   POST /mandates (confirmation=FRANCECONNECT)  the terms kept under a short cookie of their own
//                                                → the provider (prompt=login)
//   GET  /mandates/confirm/callback              code → the citizen's identité pivot → the citizen
//                                                Relais links it to; the mandate is created only if
//                                                it is the one the form named (else refused, journaled)
//                                                → the provider signs the citizen out (id_token_hint)
//   GET  /mandates/confirm/done                  back from the provider: the mandate, or the refusal
// What the citizen's sign-in gives is used once, for that pivot: no citizen session is created or
// kept here; the agent's session is the same before and after, and nothing of the citizen's
// sign-in ever reaches /auth/callback (another cookie, another client, another kind of pending).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { clearCookie, formatDate, randomToken, readCookies, setCookie } from '@relais/web';
import { LoginError } from '../adapters/oidc.ts';
import type { CounterRelyingParty } from '../adapters/oidc.ts';
import { t } from '../domain/i18n.ts';
import type { PendingConfirmation } from '../domain/session.ts';
import {
  agentGet,
  confirmCookie,
  flash,
  messagePage,
  secureCookies,
  type AgentVisit,
  type CounterWebDeps,
} from './web.ts';

const CONFIRM_SECONDS = 600;

/** Keeps the new mandate's terms under the confirmation's own cookie; → the provider. */
export async function startConfirmation(
  deps: CounterWebDeps,
  rp: CounterRelyingParty,
  reply: FastifyReply,
  a: AgentVisit,
  citizen: string,
  terms: PendingConfirmation['terms'],
) {
  const pending: PendingConfirmation = {
    kind: 'confirm',
    ...rp.newLogin(),
    agentSub: a.agent.sub,
    citizen,
    terms,
  };
  const cookie = deps.sessions.create(pending, a.lang);
  setCookie(reply, secureCookies(deps), confirmCookie(deps), cookie, CONFIRM_SECONDS);
  return reply.redirect((await rp.authorizationUrl(pending)).href, 303);
}

const claim = (claims: Record<string, unknown>, name: string): string => {
  const v = claims[name];
  return typeof v === 'string' ? v : '';
};

export function confirmRoutes(deps: CounterWebDeps) {
  const secure = secureCookies(deps);
  const name = confirmCookie(deps);
  return async (app: FastifyInstance): Promise<void> => {
    const rp = deps.citizenRp;
    if (!rp) return;

    app.get('/mandates/confirm/callback', async (request, reply) => {
      const cookie = readCookies(request).get(name);
      const pending = deps.sessions.get(cookie);
      // Used once, whatever comes next.
      deps.sessions.destroy(cookie);
      clearCookie(reply, secure, name);
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const m = t(a.lang);
      const again = { href: '/mandates/new', text: m.newMandateAgain };
      const refused = (lead: string, status: number) =>
        messagePage(reply, a.ctx, { title: m.confirmRefusedTitle, lead, link: again }, status);
      const data = pending?.data;
      if (data?.kind !== 'confirm' || data.agentSub !== a.agent.sub) {
        request.log.info({ outcome: 'no-confirmation' }, 'mandate confirmation');
        return refused(m.confirmLost, 400);
      }
      let signedIn;
      try {
        signedIn = await rp.callback(new URL(request.url, 'http://counter.invalid'), data);
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        request.log.info({ outcome: err.code }, 'mandate confirmation');
        return refused(m.confirmCancelled, err.code === 'access_denied' ? 403 : 400);
      }
      const who = deps.citizens.find({
        given_name: claim(signedIn.claims, 'given_name'),
        family_name: claim(signedIn.claims, 'family_name'),
        birthdate: claim(signedIn.claims, 'birthdate'),
        gender: claim(signedIn.claims, 'gender'),
        birthplace: claim(signedIn.claims, 'birthplace'),
        birthcountry: claim(signedIn.claims, 'birthcountry'),
      });
      let after: string;
      if (who === undefined || who !== data.citizen) {
        request.log.info({ outcome: 'mismatch' }, 'mandate confirmation');
        await deps.refusals.mismatch(a.agent, data.citizen);
        after = 'mismatch';
      } else {
        const mandate = await deps.api.createMandate(a.agent, data.citizen, {
          ...data.terms,
          confirmation: 'FRANCECONNECT',
        });
        request.log.info({ outcome: 'confirmed' }, 'mandate confirmation');
        flash(deps, a, m.confirmedBySignIn(formatDate(mandate.createdAt, a.lang)));
        after = `/mandates/${mandate.mandateId}`;
      }
      // The citizen's session at the provider ends on this screen too.
      const session = deps.sessions.get(a.cookie);
      if (session?.data.kind === 'agent') {
        session.data.afterConfirm = after;
        deps.sessions.update(a.cookie, session);
      }
      const out = rp.endSessionUrl({ idToken: signedIn.idToken, state: randomToken() });
      return reply.redirect(out.href, 303);
    });

    app.get('/mandates/confirm/done', async (request, reply) => {
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const m = t(a.lang);
      const after = a.session.data.afterConfirm;
      if (after) {
        delete a.session.data.afterConfirm;
        deps.sessions.update(a.cookie, a.session);
      }
      if (after === 'mismatch')
        return messagePage(
          reply,
          a.ctx,
          {
            title: m.confirmRefusedTitle,
            lead: m.confirmMismatch,
            link: { href: '/mandates/new', text: m.newMandateAgain },
          },
          403,
        );
      return reply.redirect(after?.startsWith('/mandates/') ? after : '/', 303);
    });
  };
}
