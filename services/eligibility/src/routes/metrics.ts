// GET /metrics: profiles, facts applied, evaluations, determinations, the running campaign.
import type { FastifyInstance } from 'fastify';
import type { ProfileStore } from '../adapters/profile-store.ts';
import type { CampaignRunner } from '../consumers/campaign.ts';
import type { EligibilityStats } from '../consumers/stats.ts';
import { campaignSchema } from './campaigns.ts';
import './swagger-types.ts';

export interface MetricsRouteDeps {
  stats: EligibilityStats;
  store: Pick<ProfileStore, 'size'>;
  campaigns: Pick<CampaignRunner, 'running'>;
}

export async function metricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): Promise<void> {
  const { stats, store, campaigns } = deps;
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Profiles, facts applied, evaluations, determinations',
        returns: {
          200: {
            type: 'object',
            required: ['profiles', 'campaign'],
            properties: {
              profiles: { type: 'integer' },
              campaign: { anyOf: [{ type: 'null' }, campaignSchema] },
            },
          },
        },
      },
    },
    async () => ({
      profiles: store.size(),
      ...stats,
      campaign: campaigns.running() ?? null,
    }),
  );
}
