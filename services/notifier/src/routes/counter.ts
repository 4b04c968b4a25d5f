// France Services agents acting for a citizen under a mandate (issue 15, dec-039/040), behind a
// counter token (iss relais-counter, aud relais-notifier; @relais/consent/counter). The token
// names the agent, the citizen and the mandate; this service looks the mandate up in its OWN copy
// of relais.mandates and checks structure, validity and scope itself (deny by default); every
// action and refusal is journaled on relais.counter-actions.
//   GET /v1/counter/notices                 the citizen's notices           (NOTICES)
//   GET /v1/counter/notices/:id             one, both languages             (NOTICES)
//   GET /v1/counter/notices/:id/letter.pdf  its letter, to print and hand   (NOTICES)
//   GET /v1/counter/notice-preferences      their preferences               (PREFERENCES)
//   PUT /v1/counter/notice-preferences      change them                     (PREFERENCES)
import {
  counterTokens,
  journalDone,
  mandateGuard,
  requireCounterAgent,
  type Authorised,
  type CounterJournal,
  type MandateStore,
  type PortalKeySource,
} from '@relais/consent/counter';
import { CITIZEN_AUDIENCES } from '@relais/consent/auth';
import type { PseudonymDirectory } from '@relais/identity';
import { documentSecurity, type Clock } from '@relais/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PreferencesTopic } from '../adapters/preferences-topic.ts';
import type { NoticeRow, NotifierStore } from '../adapters/store.ts';
import { renderLetter } from '../channels/letter.ts';
import {
  defaultPreferences,
  preferencesProblems,
  type Preferences,
} from '../domain/preferences.ts';
import type { BilingualNotice } from '../domain/types.ts';
import { errors } from '../errors.ts';
import { noticeIdParam } from './citizen.ts';
import { preferencesBodySchema } from './preferences-schema.ts';
import './swagger-types.ts';

export interface CounterRoutesDeps {
  store: Pick<NotifierStore, 'noticesOf' | 'notice' | 'deliveries'>;
  directory: Pick<PseudonymDirectory, 'resolve' | 'pseudonymOf'>;
  preferences: Pick<PreferencesTopic, 'get' | 'put'>;
  /** The counter's public key; none: no counter route at all. */
  counterKeys: PortalKeySource;
  mandates: Pick<MandateStore, 'get'>;
  journal: CounterJournal;
  clock: Clock;
}

export async function counterRoutes(app: FastifyInstance, deps: CounterRoutesDeps): Promise<void> {
  documentSecurity(app, [{ counterToken: [] }]);
  const { store, clock } = deps;
  const guard = mandateGuard(deps);
  const tokens = counterTokens({
    audience: CITIZEN_AUDIENCES.notifier,
    keys: deps.counterKeys,
    directory: deps.directory,
    now: () => clock.now(),
  });
  await app.register(requireCounterAgent(tokens));
  const relaisPseudonym = (ok: Authorised) => deps.directory.pseudonymOf('relais', ok.pivot);

  /** The citizen's notice by id, or a journaled refusal (another's notice does not exist). */
  async function ownNotice(
    request: FastifyRequest<{ Params: { id: string } }>,
    ok: Authorised,
    action: 'NOTICE_READ' | 'LETTER_PRINTED',
  ) {
    const id = noticeIdParam(request.params.id);
    const n = id && store.notice(id);
    if (n && n.pseudonym === relaisPseudonym(ok)) return n;
    await deps.journal.write({
      pivot: ok.pivot,
      agent: request.counter.agent,
      mandate: { mandateId: ok.mandate.mandateId, createdAt: ok.mandate.createdAt },
      action,
      target: request.params.id.slice(0, 64),
      refused: 'notice.not-found',
    });
    throw errors.noticeNotFound(request.params.id);
  }

  app.get('/v1/counter/notices', { schema: { tags: ['counter'] } }, async (request) => {
    const ok = await guard(request, 'NOTICES', 'NOTICES_READ');
    await journalDone(deps.journal, request, ok, 'NOTICES_READ');
    return {
      notices: store.noticesOf(relaisPseudonym(ok)).map((n) => ({
        noticeId: n.notice_id,
        benefit: n.benefit,
        period: n.period,
        subject: n.subject,
        createdAt: n.created_at,
        openedAt: n.opened_at,
        claimedAt: n.claimed_at,
      })),
    };
  });

  app.get<{ Params: { id: string } }>(
    '/v1/counter/notices/:id',
    { schema: { tags: ['counter'] } },
    async (request) => {
      const ok = await guard(request, 'NOTICES', 'NOTICE_READ', request.params.id.slice(0, 64));
      const n = await ownNotice(request, ok, 'NOTICE_READ');
      await journalDone(deps.journal, request, ok, 'NOTICE_READ', n.notice_id);
      return {
        noticeId: n.notice_id,
        benefit: n.benefit,
        period: n.period,
        subject: n.subject,
        text: n.text,
        createdAt: n.created_at,
        deliveries: store.deliveries(n.notice_id),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/counter/notices/:id/letter.pdf',
    { schema: { tags: ['counter'] } },
    async (request, reply) => {
      const ok = await guard(request, 'NOTICES', 'LETTER_PRINTED', request.params.id.slice(0, 64));
      const n = await ownNotice(request, ok, 'LETTER_PRINTED');
      const pdf = await letterOf(n, ok, clock.now());
      await journalDone(deps.journal, request, ok, 'LETTER_PRINTED', n.notice_id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${n.notice_id}.pdf"`)
        .send(pdf);
    },
  );

  app.get('/v1/counter/notice-preferences', { schema: { tags: ['counter'] } }, async (request) => {
    const ok = await guard(request, 'PREFERENCES', 'PREFERENCES_READ');
    await journalDone(deps.journal, request, ok, 'PREFERENCES_READ');
    return (
      deps.preferences.get(relaisPseudonym(ok)) ?? defaultPreferences(clock.now().toISOString())
    );
  });

  app.put<{ Body: Omit<Preferences, 'updatedAt'> }>(
    '/v1/counter/notice-preferences',
    { schema: { tags: ['counter'], body: preferencesBodySchema } },
    async (request) => {
      const ok = await guard(request, 'PREFERENCES', 'PREFERENCES_CHANGED');
      const problems = preferencesProblems(request.body);
      if (problems.length) throw errors.preferencesIncomplete(problems);
      const prefs: Preferences = { ...request.body, updatedAt: clock.now().toISOString() };
      await deps.preferences.put(relaisPseudonym(ok), prefs);
      await journalDone(deps.journal, request, ok, 'PREFERENCES_CHANGED');
      return prefs;
    },
  );
}

/** The notice's letter, handed at the counter: the structure stands where the address goes. */
function letterOf(n: NoticeRow, ok: Authorised, now: Date): Promise<Buffer> {
  const saved = JSON.parse(n.entitlement) as { notice: BilingualNotice };
  return renderLetter(
    saved.notice,
    { addressLines: [ok.mandate.structureName, 'Remis au guichet / handed at the counter'] },
    { reference: n.notice_id, date: now.toISOString().slice(0, 10) },
  );
}
