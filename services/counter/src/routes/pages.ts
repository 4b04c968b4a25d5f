// The agent's pages and forms (issue 15). Every call about a citizen goes to the consent service or
// the notifier under the mandate the page was opened by; those services decide and journal.
//   GET  /                                       the citizens I may act for (my structure's mandates)
//   GET  /mandates/new, POST /mandates           create a mandate, the citizen present (attestation)
//   GET  /mandates/:id                           the citizen's file, one section per granted scope
//   GET  /mandates/:id/attestation.pdf           the attestation to sign and keep
//   POST /mandates/:id/consents                  grant a consent (channel COUNTER)
//   POST /mandates/:id/consents/:cid/revoke      withdraw one
//   GET  /mandates/:id/notices/:nid/letter.pdf   print a notice's letter
//   POST /mandates/:id/revoke                    end the mandate
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatDate, type FormBody } from '@relais/web';
import { renderAttestation } from '../adapters/attestation.ts';
import { Refused, type MandateView, type Under } from '../adapters/counter-api.ts';
import type { Agent } from '../domain/agent.ts';
import { COUNTER_OFFERS, isOffer, readMandateForm } from '../domain/forms.ts';
import { t } from '../domain/i18n.ts';
import { homePage, welcomePage } from '../pages/home.ts';
import { mandatePage, type CitizenFile } from '../pages/mandate.ts';
import { newMandatePage } from '../pages/mandate-new.ts';
import { startConfirmation } from './confirm.ts';
import {
  agentGet,
  agentPost,
  context,
  flash,
  render,
  takeFlash,
  visit,
  type CounterWebDeps,
} from './web.ts';

type Params = { id: string };

/** The mandate (and the citizen it names) a page works under, as the consent service answers. */
export async function under(deps: CounterWebDeps, agent: Agent, id: string) {
  const mandate = await deps.api.openMandate(agent, id.slice(0, 100));
  const u: Under = { citizen: mandate.citizen ?? '', mandateId: mandate.mandateId };
  return { mandate, under: u };
}

/** What a scope answers, or nothing when it was refused meanwhile (journaled there). */
const orNothing = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (err) {
    if (err instanceof Refused) return undefined;
    throw err;
  }
};

async function fileOf(deps: CounterWebDeps, agent: Agent, mandate: MandateView, u: Under) {
  const has = (s: string) => mandate.scopes.includes(s);
  const file: CitizenFile = { mandate };
  // Who received their data has its own page (read, and journaled, when the agent opens it).
  const [consents, notices, preferences] = await Promise.all([
    has('CONSENTS') ? orNothing(deps.api.consents(agent, u)) : undefined,
    has('NOTICES') ? orNothing(deps.api.notices(agent, u)) : undefined,
    has('PREFERENCES') ? orNothing(deps.api.preferences(agent, u)) : undefined,
  ]);
  return { ...file, consents, notices, preferences };
}

export function pageRoutes(deps: CounterWebDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', async (request, reply) => {
      const v = visit(request, deps);
      const anonymous = !v.session || v.session.data.kind === 'login';
      if (anonymous && request.headers.authorization === undefined)
        return render(
          reply,
          context(request, deps, v, '/'),
          welcomePage(context(request, deps, v, '/')),
        );
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const mandates = await deps.api.mandates(a.agent);
      return render(reply, a.ctx, homePage(a.ctx, a.agent, mandates, takeFlash(deps, a)));
    });

    app.get('/mandates/new', async (request, reply) => {
      const a = agentGet(request, reply, deps, '/mandates/new');
      if (!a) return reply;
      return render(
        reply,
        a.ctx,
        newMandatePage(a.ctx, a.session.data.csrf, {}, [], deps.citizenRp !== undefined),
      );
    });

    app.post<{ Body: FormBody }>('/mandates', async (request, reply) => {
      const a = agentPost(request, reply, deps);
      if (!a) return reply;
      const body = request.body ?? {};
      const read = readMandateForm(body);
      const offered = deps.citizenRp !== undefined;
      const again = (errors: Parameters<typeof newMandatePage>[3]) =>
        render(
          reply,
          a.ctx,
          newMandatePage(a.ctx, a.session.data.csrf, body, errors, offered),
          400,
        );
      if (!read.ok) return again(read.errors);
      const { form } = read;
      const citizen = deps.citizens.find(form.identity);
      if (!citizen) return again([{ field: 'given_name', message: 'errUnknownCitizen' }]);
      const terms = { scopes: form.scopes, durationDays: form.durationDays, mode: form.mode };
      if (form.confirmation.kind === 'FRANCECONNECT') {
        if (!deps.citizenRp)
          return again([{ field: 'confirmation-ATTESTATION', message: 'errChoice' }]);
        return startConfirmation(deps, deps.citizenRp, reply, a, citizen, terms);
      }
      const mandate = await deps.api.createMandate(a.agent, citizen, {
        ...terms,
        confirmation: 'ATTESTATION',
        attestationId: form.confirmation.attestationId,
      });
      flash(deps, a, t(a.lang).created(formatDate(mandate.createdAt, a.lang)));
      return reply.redirect(`/mandates/${mandate.mandateId}`, 303);
    });

    app.get<{ Params: Params }>('/mandates/:id', async (request, reply) => {
      const a = agentGet(
        request,
        reply,
        deps,
        `/mandates/${encodeURIComponent(request.params.id)}`,
      );
      if (!a) return reply;
      const { mandate, under: u } = await under(deps, a.agent, request.params.id);
      const file = await fileOf(deps, a.agent, mandate, u);
      return render(
        reply,
        a.ctx,
        mandatePage(a.ctx, a.session.data.csrf, file, takeFlash(deps, a)),
      );
    });

    app.get<{ Params: Params }>('/mandates/:id/attestation.pdf', async (request, reply) => {
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const { mandate } = await under(deps, a.agent, request.params.id);
      return reply.type('application/pdf').send(await renderAttestation(mandate));
    });

    const acting = async (
      request: FastifyRequest<{ Params: Params; Body: FormBody }>,
      reply: Parameters<typeof agentPost>[1],
      act: (agent: Agent, u: Under) => Promise<string>,
    ) => {
      const a = agentPost(request, reply, deps);
      if (!a) return reply;
      const { under: u } = await under(deps, a.agent, request.params.id);
      flash(deps, a, await act(a.agent, u));
      return reply.redirect(`/mandates/${u.mandateId}`, 303);
    };

    app.post<{ Params: Params; Body: FormBody }>('/mandates/:id/consents', (request, reply) =>
      acting(request, reply, async (agent, u) => {
        const purpose = String(request.body?.['purpose'] ?? '');
        if (!isOffer(purpose)) throw new Refused(400, 'purpose: expected one of the offers');
        const offer = COUNTER_OFFERS[purpose];
        await deps.api.grantConsent(agent, u, {
          purpose,
          recipient: (deps.agencyId ?? ((x: string) => x))(offer.recipient),
          categories: [...offer.categories],
        });
        return t(visit(request, deps).lang).granted;
      }),
    );

    app.post<{ Params: Params & { cid: string }; Body: FormBody }>(
      '/mandates/:id/consents/:cid/revoke',
      (request, reply) =>
        acting(request, reply, async (agent, u) => {
          await deps.api.revokeConsent(agent, u, request.params.cid);
          return t(visit(request, deps).lang).consentRevoked;
        }),
    );

    app.get<{ Params: Params & { nid: string } }>(
      '/mandates/:id/notices/:nid/letter.pdf',
      async (request, reply) => {
        const a = agentGet(request, reply, deps, '/');
        if (!a) return reply;
        const { under: u } = await under(deps, a.agent, request.params.id);
        const pdf = await deps.api.letter(a.agent, u, request.params.nid.slice(0, 64));
        return reply.type('application/pdf').send(pdf);
      },
    );

    app.post<{ Params: Params; Body: FormBody }>('/mandates/:id/revoke', async (request, reply) => {
      const a = agentPost(request, reply, deps);
      if (!a) return reply;
      const { under: u } = await under(deps, a.agent, request.params.id);
      await deps.api.revokeMandate(a.agent, u);
      flash(deps, a, t(a.lang).mandateEnded);
      return reply.redirect('/', 303);
    });
  };
}
