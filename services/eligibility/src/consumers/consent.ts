// Use case: the citizen's consent to `proactive-eligibility` changes (relais.consents, judged by
// @relais/consent/watch at its position). Withdrawn or expired: the profile is erased everywhere,
// its tombstone goes to the changelog, and later facts are dropped. Given (again): facts are
// welcome again.
import type { Pseudonym } from '@relais/identity';
import type { Clock, Logger, RelaisProducer } from '@relais/kit';
import type { ProfileStore } from '../adapters/profile-store.ts';
import type { EligibilityStats } from './stats.ts';

export interface ConsentDeps {
  store: ProfileStore;
  stats: EligibilityStats;
  producer: RelaisProducer;
  clock: Clock;
  logger: Logger;
}

/** Erases the profile; returns whether there was one. */
export async function consentWithdrawn({
  event,
  deps,
}: {
  event: { pseudonym: Pseudonym; reason: string };
  deps: ConsentDeps;
}): Promise<boolean> {
  const tombstone = deps.store.forget(event.pseudonym, deps.clock.now().toISOString());
  if (!tombstone) return false;
  deps.stats.forgotten += 1;
  await deps.producer.publish(deps.store.changelog, [tombstone]);
  deps.logger.info({ reason: event.reason }, 'consent withdrawn: profile erased');
  return true;
}

export function consentGranted({
  event,
  deps,
}: {
  event: { pseudonym: Pseudonym };
  deps: Pick<ConsentDeps, 'store'>;
}): void {
  deps.store.remember(event.pseudonym);
}
