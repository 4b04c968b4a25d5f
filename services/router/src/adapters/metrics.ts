// The router's counters as Prometheus metrics (GET /metrics/prometheus), read at scrape time from
// the same stats object GET /metrics serves: nothing is counted twice. Labels: reason codes and
// agency ids, never a citizen.
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import { denialCodes } from '../domain/route.ts';
import type { RouterStats } from '../domain/stats.ts';

const defs = relaisMetrics.router;

export function registerRouterMetrics(metrics: ServiceMetrics, stats: RouterStats): void {
  metrics.counterFrom(defs.events, () => stats.events);
  metrics.counterFrom(defs.deliveries, () => stats.deliveries);
  metrics.counterFrom(defs.duplicates, () => stats.duplicatesSkipped);
  metrics.counterFrom(defs.denials, () =>
    denialCodes.flatMap((reason) => {
      const byAgency = Object.entries(stats.denialsByAgency).map(
        ([agency, counts]) => [{ reason, agency }, counts[reason] ?? 0] as const,
      );
      // Denials without a recipient (no subscription) are the total less those with one.
      const withAgency = byAgency.reduce((sum, [, n]) => sum + n, 0);
      return [
        ...byAgency,
        [{ reason, agency: 'none' }, stats.denials[reason] - withAgency] as const,
      ];
    }),
  );
}
