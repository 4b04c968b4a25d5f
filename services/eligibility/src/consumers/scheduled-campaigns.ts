// Use case: a parameter taking effect starts a campaign that day. Checked at start, on a timer
// (hourly by default) and when a partition is given to this instance, from the last day checked
// of each partition it owns; a partition's day counts as checked once the campaign evaluated it to
// its end, so a failed one (or one whose partition moved mid-way) is tried again.
import type { CheckedDay } from '../adapters/checked-day.ts';
import { effectiveDates } from '../domain/book.ts';
import type { Parameter } from '../domain/parameters.ts';
import type { CampaignRunner } from './campaign.ts';

export interface ScheduledCampaignsDeps {
  book: Map<string, Parameter<unknown>>;
  campaigns: CampaignRunner;
  checked: CheckedDay;
  today: () => string;
  /** The partitions of the facts this instance owns. */
  owned: () => readonly number[];
}

/** Looks for values that took effect since the last day checked; starts their campaign. */
export function checkParameters({ deps }: { deps: ScheduledCampaignsDeps }): void {
  const { campaigns, checked } = deps;
  const today = deps.today();
  if (campaigns.running()) return;
  const behind = deps.owned().filter((p) => checked.get(p) < today);
  if (!behind.length) return;
  const lastChecked = behind.map((p) => checked.get(p)).sort()[0] ?? today;
  const due = effectiveDates(deps.book, lastChecked, today);
  if (!due.length) return checked.set(today, behind);
  const started = campaigns.start(today, `parameters from ${due.join(', ')}`, behind);
  if (!started.ok) return;
  const { campaign } = started;
  void campaigns.settled().then(() => {
    checked.set(today, campaigns.partitionsOf(campaign.id));
  });
}
