// HTTP: counters for operators, the parameter book for everyone (what Relais applies, from when,
import './swagger-types.ts';
// why), campaigns for operators.
import { notFound, validationError } from '@relais/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Parameter } from './domain/parameters.ts';
import type { CampaignRunner } from './campaign.ts';
import type { ProfileStore } from './store.ts';

export interface RouteDeps {
  book: Map<string, Parameter<unknown>>;
  stats: object;
  store: ProfileStore;
  campaigns: CampaignRunner;
  /** The operator-token hook (kit's operatorAuth). */
  operator: (request: FastifyRequest) => Promise<void>;
  today: () => string;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { book, stats, store, campaigns } = deps;
  const { operator } = deps;

  app.get(
    '/metrics',
    { schema: { summary: 'Profiles, facts applied, evaluations, determinations' } },
    async () => ({
      profiles: store.size(),
      ...stats,
      campaign: campaigns.running() ?? null,
    }),
  );

  app.get(
    '/v1/parameters',
    { schema: { summary: 'Every parameter of every rule, its dated values and their sources' } },
    async () => ({
      parameters: [...book.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((p) => ({
          ...p,
          values: [...p.values].sort((a, b) => a.from.localeCompare(b.from)),
        })),
    }),
  );

  app.post<{ Body: { on?: unknown } | undefined }>(
    '/v1/campaigns',
    {
      onRequest: operator,
      schema: {
        summary: 'Re-evaluate every profile for a date (default today)',
        body: {
          type: 'object',
          nullable: true,
          properties: { on: { type: 'string', description: 'YYYY-MM-DD, at most today' } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const today = deps.today();
      const on = request.body?.on ?? today;
      if (typeof on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(on)))
        throw validationError([{ field: '/body/on', expected: 'a date YYYY-MM-DD' }]);
      if (on > today)
        throw validationError([
          {
            field: '/body/on',
            expected: `a date up to today (${today}): rights are judged on the parameters in force`,
          },
        ]);
      const campaign = campaigns.start(on, 'operator');
      return reply.status(202).header('location', `/v1/campaigns/${campaign.id}`).send(campaign);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/campaigns/:id',
    { onRequest: operator, schema: { summary: 'A campaign and its progress' } },
    async (request) => {
      const c = campaigns.get(request.params.id);
      if (!c) throw notFound(`campaign ${request.params.id}`);
      return c;
    },
  );

  app.get(
    '/v1/campaigns',
    { onRequest: operator, schema: { summary: 'Campaigns since start' } },
    async () => ({ campaigns: campaigns.list() }),
  );
}
