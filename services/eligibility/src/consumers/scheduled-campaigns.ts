// Use case: a parameter taking effect starts a campaign that day. Checked at start and on a timer
// (hourly by default) from the last day checked; the day counts as checked once its campaign is
// done, so a failed one is tried again.
import type { CheckedDay } from '../adapters/checked-day.ts';
import { effectiveDates } from '../domain/book.ts';
import type { Parameter } from '../domain/parameters.ts';
import type { CampaignRunner } from './campaign.ts';

export interface ScheduledCampaignsDeps {
  book: Map<string, Parameter<unknown>>;
  campaigns: CampaignRunner;
  checked: CheckedDay;
  today: () => string;
}

/** Looks for values that took effect since the last day checked; starts their campaign. */
export function checkParameters({ deps }: { deps: ScheduledCampaignsDeps }): void {
  const { campaigns, checked } = deps;
  const today = deps.today();
  const lastChecked = checked.get();
  if (campaigns.running() || today <= lastChecked) return;
  const due = effectiveDates(deps.book, lastChecked, today);
  if (!due.length) return checked.set(today);
  const started = campaigns.start(today, `parameters from ${due.join(', ')}`);
  if (!started.ok) return;
  const { campaign } = started;
  void campaigns.settled().then(() => {
    if (campaign.status === 'done') checked.set(today);
  });
}
