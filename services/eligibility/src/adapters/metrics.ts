// The eligibility service's counters as Prometheus metrics (GET /metrics/prometheus), read at
// scrape time from what GET /metrics serves: the stats object, the profile store, the running
// campaign. Labels: benefits, outcomes, what became of a fact — never a citizen.
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import type { ProfileStore } from './profile-store.ts';
import type { CampaignRunner } from '../consumers/campaign.ts';
import type { EligibilityStats } from '../consumers/stats.ts';

const defs = relaisMetrics.eligibility;

export interface EligibilityMetricsSources {
  stats: EligibilityStats;
  store: Pick<ProfileStore, 'size'>;
  campaigns: Pick<CampaignRunner, 'running'>;
}

export function registerEligibilityMetrics(
  metrics: ServiceMetrics,
  { stats, store, campaigns }: EligibilityMetricsSources,
): void {
  metrics.gaugeFrom(defs.profiles, () => store.size());
  metrics.counterFrom(defs.facts, () => [
    [{ result: 'applied' }, stats.eventsApplied],
    [{ result: 'unchanged' }, stats.eventsUnchanged],
    [{ result: 'ignored' }, stats.eventsIgnored],
  ]);
  metrics.counterFrom(defs.evaluations, () => stats.evaluations);
  metrics.counterFrom(defs.determinations, () =>
    Object.entries(stats.determinations).flatMap(([benefit, byOutcome]) =>
      Object.entries(byOutcome).map(([outcome, n]) => [{ benefit, outcome }, n] as const),
    ),
  );
  metrics.counterFrom(defs.forgotten, () => stats.forgotten);
  metrics.gaugeFrom(defs.campaignRunning, () => (campaigns.running() ? 1 : 0));
  metrics.gaugeFrom(defs.campaignProfiles, () => {
    const running = campaigns.running();
    return running
      ? [
          [{ state: 'total' }, running.total],
          [{ state: 'done' }, running.done],
          [{ state: 'changed' }, running.changed],
        ]
      : [];
  });
}
