// Use case: a batch of Relais' deliveries (one partition) → facts in the citizens' profiles →
// every rule re-evaluated for the changed profiles → the determinations whose outcome changed,
// published with the profiles (adapters/determinations.ts) before the batch is committed.
import type { ConsentId, EventId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Clock, Logger } from '@relais/kit';
import type { Commit } from '../adapters/determinations.ts';
import type { ProfileStore } from '../adapters/profile-store.ts';
import { dayOf } from '../domain/day.ts';
import { emptyProfile, hasApplied, type Profile } from '../domain/profile.ts';
import { reevaluate, type Determination } from '../domain/reevaluate.ts';
import { applyEvent } from './facts.ts';
import type { Exclusive } from './partition-lock.ts';
import type { EligibilityStats } from './stats.ts';

/** One delivery to Relais, decoded (adapters/deliveries.ts). */
export interface Delivery {
  /** The contract's full name (`ce_type`). */
  type: string;
  id: EventId;
  time: string;
  purpose: string | undefined;
  consentId: ConsentId | undefined;
  pseudonym: Pseudonym;
  value: Record<string, unknown>;
}

export interface ApplyFactsDeps {
  store: ProfileStore;
  stats: EligibilityStats;
  clock: Clock;
  exclusive: Exclusive;
  commit: Commit;
  /** The only purpose whose deliveries become facts (`proactive-eligibility`). */
  purpose: string;
  logger: Logger;
}

/** Applies a partition's deliveries; returns the determinations published. */
/** This instance no longer owns the partition: the batch stops, its new owner goes on. */
export class PartitionLost extends Error {
  constructor(partition: number) {
    super(`partition ${partition} is no longer this instance's: left to its new owner`);
    this.name = 'PartitionLost';
  }
}

export async function applyFacts({
  event,
  deps,
  owned = () => true,
}: {
  event: { partition: number; deliveries: Delivery[] };
  deps: ApplyFactsDeps;
  /** Whether this instance still owns the partition (the consumer group's word, dec-049). */
  owned?: () => boolean;
}): Promise<Determination[]> {
  const { store, stats, clock } = deps;
  const { partition } = event;
  return deps.exclusive(partition, async () => {
    const now = clock.now();
    const today = dayOf(now);
    const touched = new Map<Pseudonym, Profile>();
    const dirty = new Map<Pseudonym, EventId>();
    for (const d of event.deliveries) {
      if (d.purpose !== deps.purpose || store.isForgotten(partition, d.pseudonym)) {
        stats.eventsIgnored += 1;
        continue;
      }
      const profile =
        touched.get(d.pseudonym) ?? store.get(partition, d.pseudonym) ?? emptyProfile();
      touched.set(d.pseudonym, profile);
      if (hasApplied(profile, d.id)) {
        // Never dropped without a trace (issue 13): counted and said, the event id only.
        stats.duplicates += 1;
        deps.logger.info({ event: d.id }, 'duplicate delivery skipped');
        continue;
      }
      if (d.consentId) profile.consentId = d.consentId;
      if (applyEvent(profile, d.type, d.value, { time: d.time, eventId: d.id })) {
        stats.eventsApplied += 1;
        dirty.set(d.pseudonym, d.id);
      } else stats.eventsUnchanged += 1;
    }
    if (!dirty.size) return [];
    const out: Determination[] = [];
    const changed = new Map<Pseudonym, Profile>();
    for (const [pseudonym, trigger] of dirty) {
      const profile = touched.get(pseudonym) as Profile;
      out.push(...reevaluate(pseudonym, profile, today, trigger, now, stats));
      changed.set(pseudonym, profile);
    }
    // Only the partition's owner writes its profiles: one the group went on without stops here,
    // before its profiles overwrite those of the new owner (last writer wins on the changelog).
    if (!owned()) throw new PartitionLost(partition);
    await deps.commit(partition, changed, out);
    return out;
  });
}
