// Use case: a `BenefitClaimed` delivered to Relais (published by the CAF or the CPAM) closes the
// take-up funnel: recorded once per citizen and benefit, credited to a notice sent before it.
import type { ContractTypes } from '@relais/contracts/generated';
import type { Pseudonym } from '@relais/identity';
import type { Clock } from '@relais/kit';
import type { NotifierStore } from '../adapters/store.ts';
import type { NotifierStats } from './stats.ts';

export interface ClaimReceived {
  pseudonym: Pseudonym;
  /** The fields of the `relais-eligibility-claims` subscription. */
  value: Partial<ContractTypes['fr.gouv.benefits.BenefitClaimed']>;
}

export interface ClaimDeps {
  store: Pick<NotifierStore, 'recordClaim'>;
  stats: NotifierStats;
  clock: Clock;
}

export async function claimRecorded({
  event,
  deps,
}: {
  event: ClaimReceived;
  deps: ClaimDeps;
}): Promise<void> {
  deps.stats.claims += 1;
  await deps.store.recordClaim(
    event.pseudonym,
    String(event.value.benefit),
    String(event.value.claimedOn),
    deps.clock.now().toISOString(),
  );
}
