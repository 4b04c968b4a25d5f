// The notifier's HTTP surface, as a fastify plugin that never listens: the citizen's notices and
// preferences (citizen token), the same for France Services agents under a mandate (counter
// token), the opened-notice beacon, the preferences page, the funnel and the
// letters (operator token), the counters. index.ts registers it on the kit's createHttpApp() and
// listens; tests register it and call app.inject().
import type { FastifyInstance } from 'fastify';
import { beaconRoutes, type BeaconRoutesDeps } from './routes/beacon.ts';
import { citizenRoutes, type CitizenRoutesDeps } from './routes/citizen.ts';
import { counterRoutes, type CounterRoutesDeps } from './routes/counter.ts';
import { metricsRoutes, type MetricsRouteDeps } from './routes/metrics.ts';
import { operatorRoutes, type OperatorRoutesDeps } from './routes/operator.ts';
import { preferencesPageRoutes } from './routes/preferences-page.ts';

export type NotifierAppDeps = Omit<CitizenRoutesDeps, 'store'> &
  Omit<BeaconRoutesDeps, 'store'> &
  Omit<OperatorRoutesDeps, 'store'> &
  MetricsRouteDeps & {
    store: CitizenRoutesDeps['store'] & BeaconRoutesDeps['store'] & OperatorRoutesDeps['store'];
    /** France Services agents under a mandate (issue 15); none: no counter route. */
    counter?: Pick<CounterRoutesDeps, 'counterKeys' | 'mandates' | 'journal'> | undefined;
  };

export async function notifierApp(app: FastifyInstance, deps: NotifierAppDeps): Promise<void> {
  await app.register(citizenRoutes, deps);
  if (deps.counter) await app.register(counterRoutes, { ...deps, ...deps.counter });
  await app.register(beaconRoutes, deps);
  await app.register(preferencesPageRoutes);
  await app.register(operatorRoutes, deps);
  await app.register(metricsRoutes, deps);
}
