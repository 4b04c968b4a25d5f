// HTTP: the citizen's notices and preferences (citizen token, as the consent service), the
// opened-notice beacon, the letters' print queue and the take-up funnel (operator token).
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { citizenTokens, requireCitizen } from '@relais/consent/auth';
import type { PseudonymDirectory } from '@relais/identity';
import { notFound, operatorAuth, validationError } from '@relais/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import './swagger-types.ts';
import type { PreferencesTopic } from './preferences.ts';
import {
  CHANNELS,
  defaultPreferences,
  type Channel,
  type NotifierStore,
  type Preferences,
} from './store.ts';
import { registerPreferencesPage } from './page.ts';

export interface RouteDeps {
  store: NotifierStore;
  stats: object;
  directory: PseudonymDirectory;
  preferences: PreferencesTopic;
  lettersDir: string;
  citizenTokenSecret: string;
  operatorToken: string;
  beaconToken: (noticeId: string) => string;
  now: () => Date;
}

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, directory } = deps;
  const tokens = citizenTokens({
    secret: deps.citizenTokenSecret,
    directory,
    now: deps.now,
  });
  const operator = operatorAuth(deps.operatorToken);
  const relaisPseudonym = (request: FastifyRequest): string =>
    directory.pseudonymOf('relais', request.citizen.pivot);

  app.register(async (scope) => {
    await scope.register(requireCitizen(tokens));

    scope.get(
      '/v1/me/notices',
      { schema: { summary: 'My notices, newest first', tags: ['citizen'] } },
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

    scope.get<{ Params: { id: string } }>(
      '/v1/me/notices/:id',
      {
        schema: {
          summary: 'One of my notices, in both languages; marks it opened',
          tags: ['citizen'],
        },
      },
      async (request) => {
        const n = store.notice(request.params.id);
        // Someone else's notice does not exist for this citizen.
        if (!n || n.pseudonym !== relaisPseudonym(request))
          throw notFound(`notice ${request.params.id}`);
        store.markOpened(n.notice_id, deps.now().toISOString());
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

    scope.get(
      '/v1/me/notice-preferences',
      { schema: { summary: 'My notice preferences', tags: ['citizen'] } },
      async (request) =>
        deps.preferences.get(relaisPseudonym(request)) ??
        defaultPreferences(deps.now().toISOString()),
    );

    scope.put<{ Body: Omit<Preferences, 'updatedAt'> }>(
      '/v1/me/notice-preferences',
      {
        schema: {
          summary: 'Choose channels and language, or pause these notices',
          tags: ['citizen'],
          body: {
            type: 'object',
            required: ['channels', 'language'],
            additionalProperties: false,
            properties: {
              channels: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', enum: [...CHANNELS] },
              },
              language: { type: 'string', enum: ['FR', 'EN'] },
              email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 },
              postalAddress: {
                type: 'object',
                required: ['name', 'lines'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 38 },
                  lines: {
                    type: 'array',
                    minItems: 2,
                    maxItems: 5,
                    items: { type: 'string', minLength: 1, maxLength: 38 },
                  },
                },
              },
              paused: { type: 'boolean' },
            },
          },
        },
      },
      async (request) => {
        const body = request.body;
        const problems = [];
        if (body.channels.includes('EMAIL' as Channel) && !body.email)
          problems.push({
            field: '/body/email',
            expected: 'an e-mail address when EMAIL is chosen',
          });
        if (body.channels.includes('POSTAL_LETTER' as Channel) && !body.postalAddress)
          problems.push({
            field: '/body/postalAddress',
            expected: 'a postal address when POSTAL_LETTER is chosen',
          });
        if (problems.length) throw validationError(problems);
        const prefs: Preferences = { ...body, updatedAt: deps.now().toISOString() };
        await deps.preferences.put(relaisPseudonym(request), prefs);
        return prefs;
      },
    );
  });

  app.get<{ Params: { id: string }; Querystring: { t?: string } }>(
    '/v1/notices/:id/opened.gif',
    { schema: { summary: 'Opened-notice beacon of e-mails (take-up funnel)', hide: true } },
    async (request, reply) => {
      const { id } = request.params;
      if (request.query.t && request.query.t === deps.beaconToken(id))
        store.markOpened(id, deps.now().toISOString());
      return reply.header('cache-control', 'no-store').type('image/gif').send(GIF);
    },
  );

  registerPreferencesPage(app);

  app.get(
    '/v1/funnel',
    {
      onRequest: operator,
      schema: {
        summary: 'Take-up funnel per benefit: notified → opened → claimed',
        tags: ['operator'],
      },
    },
    async () => ({
      benefits: store.funnel(),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/letters/:id',
    {
      onRequest: operator,
      schema: { summary: 'A letter of the print queue (PDF)', tags: ['operator'] },
    },
    async (request, reply) => {
      const id = request.params.id.replace(/\.pdf$/, '');
      const file = path.join(deps.lettersDir, `${id}.pdf`);
      if (!/^[0-9a-f-]{36}$/.test(id) || !existsSync(file)) throw notFound(`letter ${id}`);
      return reply.type('application/pdf').send(readFileSync(file));
    },
  );

  app.get(
    '/metrics',
    { schema: { summary: 'Notices, duplicates avoided, deliveries by channel and status' } },
    async () => deps.stats,
  );
}
