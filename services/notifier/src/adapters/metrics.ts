// The notifier's counters as Prometheus metrics (GET /metrics/prometheus), read at scrape time from
// the stats object GET /metrics serves. Labels: channels, statuses, reasons — never a citizen.
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import type { NotifierStats } from '../consumers/stats.ts';

const defs = relaisMetrics.notifier;

export function registerNotifierMetrics(metrics: ServiceMetrics, stats: NotifierStats): void {
  metrics.counterFrom(defs.determinations, () => stats.determinations);
  metrics.counterFrom(defs.notices, () => stats.notices);
  metrics.counterFrom(defs.skipped, () => [
    [{ reason: 'duplicate' }, stats.duplicates],
    [{ reason: 'already-claimed' }, stats.alreadyClaimed],
    [{ reason: 'paused' }, stats.paused],
    [{ reason: 'withdrawn' }, stats.withdrawn],
  ]);
  metrics.counterFrom(defs.claims, () => stats.claims);
  metrics.counterFrom(defs.deliveries, () =>
    Object.entries(stats.byChannel).flatMap(([channel, byStatus]) =>
      Object.entries(byStatus).map(([status, n]) => [{ channel, status }, n] as const),
    ),
  );
}
