// The citizen's notices and notice preferences, behind the citizen token (as on the consent
// service: the portal's ES256 token for audience relais-notifier, its pseudonym resolved through
// the pseudonym directory; development tokens only when a development secret is given). The
// notifier keys everything by the Relais-sector pseudonym; someone else's notice is a 404.
import { parseNoticeId, type NoticeId } from '@relais/contracts';
import {
  CITIZEN_AUDIENCES,
  citizenTokens,
  requireCitizen,
  type PortalKeySource,
} from '@relais/consent/auth';
import type { PseudonymDirectory } from '@relais/identity';
import { documentSecurity, type Clock } from '@relais/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  PreferencesNotAppliedError,
  type PreferencesTopic,
} from '../adapters/preferences-topic.ts';
import type { NotifierStore } from '../adapters/store.ts';
import { noticeOpened } from '../consumers/opened.ts';
import {
  CHANNELS,
  defaultPreferences,
  preferencesProblems,
  type Preferences,
} from '../domain/preferences.ts';
import { errors } from '../errors.ts';
import { preferencesBodySchema } from './preferences-schema.ts';
import './swagger-types.ts';

// For the document (the bodies are sent as built: returns never reaches a serializer).
const nullable = (type: string) => ({ type: [type, 'null'] });
const noticeFields = {
  noticeId: { type: 'string' },
  benefit: { type: 'string' },
  period: { type: 'string' },
  subject: { type: 'string' },
  createdAt: { type: 'string' },
};
const preferencesSchema = {
  type: 'object',
  required: ['channels', 'language', 'updatedAt'],
  properties: {
    channels: { type: 'array', items: { type: 'string', enum: [...CHANNELS] } },
    language: { type: 'string', enum: ['FR', 'EN'] },
    email: { type: 'string' },
    postalAddress: {
      type: 'object',
      required: ['name', 'lines'],
      properties: { name: { type: 'string' }, lines: { type: 'array', items: { type: 'string' } } },
    },
    paused: { type: 'boolean' },
    updatedAt: { type: 'string' },
  },
};

export interface CitizenRoutesDeps {
  store: Pick<NotifierStore, 'noticesOf' | 'notice' | 'deliveries' | 'markOpened'>;
  directory: Pick<PseudonymDirectory, 'resolve' | 'pseudonymOf'>;
  preferences: Pick<PreferencesTopic, 'get' | 'put'>;
  /** The portal's public key (its citizen access tokens). */
  portalKeys?: PortalKeySource | undefined;
  /** Development only: the HS256 secret of the consent service's development tokens. */
  devTokenSecret?: string | undefined;
  clock: Clock;
}

/** A notice id from a path; undefined when it cannot be one (then there is no such notice). */
export function noticeIdParam(id: string): NoticeId | undefined {
  try {
    return parseNoticeId(id);
  } catch {
    return undefined;
  }
}

export async function citizenRoutes(app: FastifyInstance, deps: CitizenRoutesDeps): Promise<void> {
  const { store, directory, clock } = deps;
  const tokens = citizenTokens({
    audience: CITIZEN_AUDIENCES.notifier,
    portal: deps.portalKeys,
    devSecret: deps.devTokenSecret,
    directory,
    now: () => clock.now(),
  });
  const relaisPseudonym = (request: FastifyRequest) =>
    directory.pseudonymOf('relais', request.citizen.pivot);

  await app.register(requireCitizen(tokens, 'CITIZEN_DEV_TOKEN_SECRET'));
  documentSecurity(app, [{ citizenToken: [] }]);

  app.get(
    '/v1/me/notices',
    {
      schema: {
        summary: 'My notices, newest first',
        tags: ['citizen'],
        returns: {
          200: {
            type: 'object',
            required: ['notices'],
            properties: {
              notices: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [...Object.keys(noticeFields), 'openedAt', 'claimedAt', 'deliveries'],
                  properties: {
                    ...noticeFields,
                    openedAt: nullable('string'),
                    claimedAt: nullable('string'),
                    deliveries: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['channel', 'status', 'updatedAt'],
                        properties: {
                          channel: { type: 'string' },
                          status: { type: 'string' },
                          updatedAt: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => ({
      notices: store.noticesOf(relaisPseudonym(request)).map((n) => ({
        noticeId: n.notice_id,
        benefit: n.benefit,
        period: n.period,
        subject: n.subject,
        createdAt: n.created_at,
        openedAt: n.opened_at,
        claimedAt: n.claimed_at,
        deliveries: store.deliveries(n.notice_id).map((d) => ({
          channel: d.channel,
          status: d.status,
          updatedAt: d.updated_at,
        })),
      })),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/me/notices/:id',
    {
      schema: {
        summary: 'One of my notices, in both languages; marks it opened',
        tags: ['citizen'],
        returns: {
          200: {
            type: 'object',
            required: [...Object.keys(noticeFields), 'text', 'html', 'deliveries'],
            properties: {
              ...noticeFields,
              text: { type: 'object' },
              html: { type: 'object' },
              deliveries: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    },
    async (request) => {
      const id = noticeIdParam(request.params.id);
      const n = id && store.notice(id);
      // Someone else's notice does not exist for this citizen.
      if (!n || n.pseudonym !== relaisPseudonym(request))
        throw errors.noticeNotFound(request.params.id);
      // The funnel's opening goes through the changelog; the notice is answered either way.
      await noticeOpened({ event: { noticeId: n.notice_id }, deps: { store, clock } }).catch(
        (err: unknown) => request.log.warn({ err, notice: n.notice_id }, 'opening not recorded'),
      );
      return {
        noticeId: n.notice_id,
        benefit: n.benefit,
        period: n.period,
        subject: n.subject,
        text: n.text,
        html: n.html,
        createdAt: n.created_at,
        deliveries: store.deliveries(n.notice_id),
      };
    },
  );

  app.get(
    '/v1/me/notice-preferences',
    {
      schema: {
        summary: 'My notice preferences',
        tags: ['citizen'],
        returns: { 200: preferencesSchema },
      },
    },
    async (request) =>
      deps.preferences.get(relaisPseudonym(request)) ??
      defaultPreferences(clock.now().toISOString()),
  );

  app.put<{ Body: Omit<Preferences, 'updatedAt'> }>(
    '/v1/me/notice-preferences',
    {
      schema: {
        summary: 'Choose channels and language, or pause these notices',
        tags: ['citizen'],
        // 503: the preferences topic did not take the change.
        errors: [503],
        returns: { 200: preferencesSchema },
        body: preferencesBodySchema,
      },
    },
    async (request) => {
      const problems = preferencesProblems(request.body);
      if (problems.length) throw errors.preferencesIncomplete(problems);
      const prefs: Preferences = { ...request.body, updatedAt: clock.now().toISOString() };
      try {
        await deps.preferences.put(relaisPseudonym(request), prefs);
      } catch (err) {
        if (err instanceof PreferencesNotAppliedError)
          throw Object.assign(errors.preferencesNotApplied(), { cause: err });
        throw err;
      }
      return prefs;
    },
  );
}
