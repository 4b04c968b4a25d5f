// Use case: the citizen's consent to `proactive-eligibility` changes (relais.consents, judged by
// @relais/consent/watch). Defence in depth beside the eligibility service: a withdrawn citizen is
// not written to, even by a determination already on its way.
import type { Pseudonym } from '@relais/identity';
import type { Clock } from '@relais/kit';
import type { NotifierStore } from '../adapters/store.ts';

export interface ConsentDeps {
  store: Pick<NotifierStore, 'setWithdrawn'>;
  clock: Clock;
}

export function consentWithdrawn({
  event,
  deps,
}: {
  event: { pseudonym: Pseudonym };
  deps: ConsentDeps;
}): Promise<void> {
  return deps.store.setWithdrawn(event.pseudonym, deps.clock.now().toISOString());
}

export function consentGranted({
  event,
  deps,
}: {
  event: { pseudonym: Pseudonym };
  deps: ConsentDeps;
}): Promise<void> {
  return deps.store.setWithdrawn(event.pseudonym, null);
}
