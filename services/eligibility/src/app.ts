// The eligibility service's HTTP surface, as a fastify plugin that never listens: counters for
// operators, the parameter book for everyone, campaigns for operators. index.ts registers it on
// the kit's createHttpApp() and listens; tests register it and call app.inject().
import type { FastifyInstance } from 'fastify';
import { campaignRoutes, type CampaignRoutesDeps } from './routes/campaigns.ts';
import { metricsRoutes, type MetricsRouteDeps } from './routes/metrics.ts';
import { parametersRoutes, type ParametersRouteDeps } from './routes/parameters.ts';

export type EligibilityAppDeps = MetricsRouteDeps &
  ParametersRouteDeps &
  Omit<CampaignRoutesDeps, 'campaigns'> & {
    campaigns: CampaignRoutesDeps['campaigns'] & MetricsRouteDeps['campaigns'];
  };

export async function eligibilityApp(
  app: FastifyInstance,
  deps: EligibilityAppDeps,
): Promise<void> {
  await app.register(metricsRoutes, deps);
  await app.register(parametersRoutes, deps);
  await app.register(campaignRoutes, deps);
}
