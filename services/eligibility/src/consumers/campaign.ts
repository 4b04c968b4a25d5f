// Campaigns: every profile re-evaluated for a date, in pages, with progress. Run when parameters
// take effect (scheduled-campaigns.ts) or on demand (`npm run eligibility:campaign`). A campaign
// publishes a determination only where an outcome changed, exactly like a fact change.
//
// With N instances (dec-048) a campaign covers the partitions this instance owns, each brought up
// to the changelog's end first: every instance runs it on its own partitions, so each profile is
// evaluated by its partition's owner alone. A partition taken from this instance mid-campaign is
// left to its new owner (its next scheduled check), and a campaign run twice on a partition
// publishes nothing new: the outcomes it recorded are in the profiles the changelog carries.
import { randomUUID } from 'node:crypto';
import type { Pseudonym } from '@relais/identity';
import type { Clock, Logger } from '@relais/kit';
import type { Commit } from '../adapters/determinations.ts';
import type { ProfileStore } from '../adapters/profile-store.ts';
import type { Profile } from '../domain/profile.ts';
import { reevaluate, type Determination, type EngineStats } from '../domain/reevaluate.ts';
import type { Ownership } from './ownership.ts';
import type { Exclusive } from './partition-lock.ts';

// A page is read, evaluated, published and written back alone on its partition: big enough that
// the round trip to Kafka and the SQLite transaction are paid rarely, small enough that a batch of
// facts waits little behind it.
const PAGE_SIZE = 5_000;

export interface Campaign {
  id: string;
  on: string;
  reason: string;
  status: 'running' | 'done' | 'failed' | 'stopped';
  total: number;
  done: number;
  changed: number;
  startedAt: string;
  finishedAt?: string;
  seconds?: number;
  profilesPerSecond?: number;
  error?: string;
}

export interface CampaignDeps {
  store: ProfileStore;
  logger: Logger;
  stats: EngineStats;
  clock: Clock;
  commit: Commit;
  /** Runs fn alone on the partition (no batch of facts in between). */
  exclusive: Exclusive;
  /** The partitions this instance owns, and their catch-up (default: every one, nothing to wait). */
  ownership?: Ownership;
}

export type CampaignStart =
  { ok: true; campaign: Campaign } | { ok: false; code: 'campaign-running'; running: Campaign };

export class CampaignRunner {
  private readonly deps: CampaignDeps;
  private readonly all = new Map<string, Campaign>();
  private current: Promise<void> | undefined;
  /** Per campaign: the partitions it evaluated to their end here. */
  private readonly covered = new Map<string, number[]>();
  private stopping = false;

  constructor(deps: CampaignDeps) {
    this.deps = deps;
  }

  running(): Campaign | undefined {
    return [...this.all.values()].find((c) => c.status === 'running');
  }

  get(id: string): Campaign | undefined {
    return this.all.get(id);
  }

  list(): Campaign[] {
    return [...this.all.values()];
  }

  /**
   * Starts a campaign for `on` and returns it at once (its progress is updated in place);
   * refuses while another one runs. Callers check the date (domain/campaign-date.ts): rights are
   * judged on the parameters in force, so `on` is at most today.
   */
  start(on: string, reason: string, only?: readonly number[]): CampaignStart {
    const { store, clock, logger } = this.deps;
    const running = this.running();
    if (running) return { ok: false, code: 'campaign-running', running };
    const campaign: Campaign = {
      id: randomUUID(),
      on,
      reason,
      status: 'running',
      total: this.partitions(only).reduce((n, p) => n + store.size(p), 0),
      done: 0,
      changed: 0,
      startedAt: clock.now().toISOString(),
    };
    this.all.set(campaign.id, campaign);
    const t0 = performance.now();
    this.current = this.run(campaign, only)
      .then(() => {
        campaign.status = this.stopping ? 'stopped' : 'done';
      })
      .catch((err: unknown) => {
        campaign.status = 'failed';
        campaign.error = err instanceof Error ? err.message : String(err);
        logger.error({ err, campaign: campaign.id }, 'campaign failed');
      })
      .finally(() => {
        const seconds = (performance.now() - t0) / 1000;
        campaign.finishedAt = clock.now().toISOString();
        campaign.seconds = Math.round(seconds * 100) / 100;
        campaign.profilesPerSecond = Math.round(campaign.done / Math.max(seconds, 0.001));
        logger.info({ ...campaign }, 'campaign finished');
      });
    return { ok: true, campaign };
  }

  /** The partitions the campaign evaluated to their end on this instance. */
  partitionsOf(id: string): number[] {
    return this.covered.get(id) ?? [];
  }

  /** Resolves when the running campaign (if any) is over. */
  async settled(): Promise<void> {
    await this.current;
  }

  /** The partitions a campaign covers here: those owned (of `only`, if given). */
  private partitions(only?: readonly number[]): number[] {
    const { ownership, store } = this.deps;
    const all = ownership ? ownership.owned() : [...Array(store.partitions).keys()];
    return only ? all.filter((p) => only.includes(p)) : all;
  }

  private async run(campaign: Campaign, only?: readonly number[]): Promise<void> {
    const { store, stats, clock, commit, exclusive, ownership } = this.deps;
    const trigger = `campaign:${campaign.on}`;
    const owns = (p: number): boolean => !ownership || ownership.owned().includes(p);
    const covered: number[] = [];
    this.covered.set(campaign.id, covered);
    for (const partition of this.partitions(only)) {
      await ownership?.ready(partition);
      let after = '';
      for (;;) {
        if (this.stopping) return;
        // Given to another instance meanwhile: its owner evaluates it now.
        if (!owns(partition)) break;
        // Read, evaluate and write a page with no batch of facts in between (no lost update).
        const size = await exclusive(partition, async () => {
          const page = store.page(partition, after, PAGE_SIZE);
          const now = clock.now();
          const out: Determination[] = [];
          const changed = new Map<Pseudonym, Profile>();
          for (const [pseudonym, profile] of page) {
            const ds = reevaluate(pseudonym, profile, campaign.on, trigger, now, stats);
            if (ds.length) {
              out.push(...ds);
              changed.set(pseudonym, profile);
            }
          }
          if (changed.size) await commit(partition, changed, out);
          campaign.changed += out.length;
          after = page.at(-1)?.[0] ?? after;
          return page.length;
        });
        if (!size) {
          covered.push(partition);
          break;
        }
        campaign.done += size;
        // Let the consumer and HTTP breathe between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.current;
  }
}
