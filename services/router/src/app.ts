// The router's HTTP side, a fastify plugin that never listens (src/index.ts listens): register it
// on the kit's createHttpApp() with the router's deps; tests `inject()` into it.
import type { FastifyPluginAsync } from 'fastify';
import type { RouterStats } from './domain/stats.ts';
import { metricsRoutes } from './routes/metrics.ts';

export interface RouterAppDeps {
  /** The live counters of the routing consumer. */
  stats: RouterStats;
}

export const routerApp: FastifyPluginAsync<RouterAppDeps> = async (app, deps) => {
  await app.register(metricsRoutes({ stats: deps.stats }));
};
