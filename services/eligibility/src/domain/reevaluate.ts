// The engine: facts in, determinations out. A profile changes → every rule re-evaluated → an
// `EntitlementDetermined` only for the benefits whose outcome changed. Used by the facts consumer
// (one batch of deliveries) and by campaigns (every profile, for a date).
import type { ConsentId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Decision } from './decision.ts';
import { decisionId, toEvent, type EntitlementDetermined } from './determination.ts';
import { changedDecisions, evaluateAll } from './evaluate.ts';
import { factsOf, type Profile } from './profile.ts';

export interface Determination {
  pseudonym: Pseudonym;
  event: EntitlementDetermined;
  consentId: ConsentId | undefined;
}

export interface EngineStats {
  evaluations: number;
  determinations: Record<string, Record<string, number>>;
}

export function newEngineStats(): EngineStats {
  return { evaluations: 0, determinations: {} };
}

/**
 * Re-evaluates a profile on `on`; records the new outcomes in it and returns the determinations
 * to publish (none when nothing changed). `trigger` (the event id or the campaign) and the
 * decision make the determination id, so a replay republishes the same id.
 */
export function reevaluate(
  pseudonym: Pseudonym,
  profile: Profile,
  on: string,
  trigger: string,
  now: Date,
  stats: EngineStats,
): Determination[] {
  const decisions: Decision[] = evaluateAll(factsOf(profile), on);
  stats.evaluations += decisions.length;
  const out: Determination[] = [];
  for (const d of changedDecisions(profile, decisions)) {
    const id = decisionId(pseudonym, d, trigger);
    profile.outcomes[d.benefit] = {
      outcome: d.outcome,
      ...(d.variant ? { variant: d.variant } : {}),
      period: d.period,
      decisionId: id,
    };
    const byOutcome = (stats.determinations[d.benefit] ??= {});
    byOutcome[d.outcome] = (byOutcome[d.outcome] ?? 0) + 1;
    out.push({ pseudonym, event: toEvent(d, id, now), consentId: profile.consentId });
  }
  return out;
}
