// Use case: a notice was opened — read in the citizen's space, or its e-mail's beacon loaded —
// the funnel's second step (notified → opened → claimed). The first opening counts.
import type { NoticeId } from '@relais/contracts';
import type { Clock } from '@relais/kit';
import type { NotifierStore } from '../adapters/store.ts';

export interface OpenedDeps {
  store: Pick<NotifierStore, 'markOpened'>;
  clock: Clock;
}

/** True when this is the first opening. */
export function noticeOpened({
  event,
  deps,
}: {
  event: { noticeId: NoticeId };
  deps: OpenedDeps;
}): Promise<boolean> {
  return deps.store.markOpened(event.noticeId, deps.clock.now().toISOString());
}
