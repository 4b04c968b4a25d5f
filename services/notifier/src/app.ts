// The notifier's HTTP surface, as a fastify plugin that never listens: the citizen's notices and
// preferences (citizen token), the opened-notice beacon, the preferences page, the funnel and the
// letters (operator token), the counters. index.ts registers it on the kit's createHttpApp() and
// listens; tests register it and call app.inject().
import type { FastifyInstance } from 'fastify';
import { beaconRoutes, type BeaconRoutesDeps } from './routes/beacon.ts';
import { citizenRoutes, type CitizenRoutesDeps } from './routes/citizen.ts';
import { metricsRoutes, type MetricsRouteDeps } from './routes/metrics.ts';
import { operatorRoutes, type OperatorRoutesDeps } from './routes/operator.ts';
import { preferencesPageRoutes } from './routes/preferences-page.ts';

export type NotifierAppDeps = Omit<CitizenRoutesDeps, 'store'> &
  Omit<BeaconRoutesDeps, 'store'> &
  Omit<OperatorRoutesDeps, 'store'> &
  MetricsRouteDeps & {
    store: CitizenRoutesDeps['store'] & BeaconRoutesDeps['store'] & OperatorRoutesDeps['store'];
  };

export async function notifierApp(app: FastifyInstance, deps: NotifierAppDeps): Promise<void> {
  await app.register(citizenRoutes, deps);
  await app.register(beaconRoutes, deps);
  await app.register(preferencesPageRoutes);
  await app.register(operatorRoutes, deps);
  await app.register(metricsRoutes, deps);
}
