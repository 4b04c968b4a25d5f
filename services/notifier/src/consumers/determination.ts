// Use case: an `EntitlementDetermined` (relais.entitlements) → at most one notice per citizen,
// benefit and period (domain/issue.ts decides), composed in both languages, recorded with a
// PENDING delivery per channel in one item of the book, written only when the owner's replica
// holds no notice for them (and applied there before the next determination); the sender
// (send.ts) then delivers it. Sending never holds up the consumer.
import type { ConsentId, NoticeId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import type { Clock, Logger } from '@relais/kit';
import type { NotifierStore } from '../adapters/store.ts';
import type { EntitlementEvent } from '../domain/entitlement.ts';
import { decideNotice, type NoNotice, type NoticeDecision } from '../domain/issue.ts';
import { composeBilingual } from '../domain/notice.ts';
import { channelsFor, defaultPreferences, type Preferences } from '../domain/preferences.ts';
import type { NoticeLinks } from '../domain/types.ts';
import type { NotifierStats } from './stats.ts';

/** A determination as the consumer decoded it (key, value, `ce_consentid`). */
export interface DeterminationReceived {
  pseudonym: Pseudonym;
  event: EntitlementEvent;
  consentId: ConsentId | undefined;
}

export interface DeterminationDeps {
  store: Pick<NotifierStore, 'hasNotice' | 'isWithdrawn' | 'hasClaimed' | 'insertNotice'>;
  preferences: { get(pseudonym: Pseudonym): Preferences | undefined };
  stats: NotifierStats;
  clock: Clock;
  logger: Logger;
  /** The links a notice carries (preferences page, opened beacon). */
  links: (noticeId: NoticeId) => NoticeLinks;
  /** A mail server is configured: EMAIL is a channel notices can take. */
  emailAvailable: boolean;
  /** Wakes the sender once a notice is recorded. */
  send: () => void;
}

/** Which counter each reason for no notice moves (none for what is not a notice at all). */
const counted: Record<NoNotice, Exclude<keyof NotifierStats, 'byChannel'> | undefined> = {
  'not-likely-eligible': undefined,
  'unknown-benefit': undefined,
  'already-notified': 'duplicates',
  withdrawn: 'withdrawn',
  'already-claimed': 'alreadyClaimed',
  paused: 'paused',
};

/** Never dropped without a trace (issue 13): counted, and said at info with the event id only. */
function duplicate(deps: DeterminationDeps, event: DeterminationReceived): void {
  deps.logger.info({ event: event.event.decisionId }, 'duplicate determination skipped');
}

export async function noticeFromDetermination({
  event,
  deps,
}: {
  event: DeterminationReceived;
  deps: DeterminationDeps;
}): Promise<NoticeDecision> {
  const { store, stats, clock } = deps;
  const { pseudonym, consentId } = event;
  stats.determinations += 1;
  const decision = decideNotice(
    { pseudonym, event: event.event },
    {
      hasNotice: (benefit, period) => store.hasNotice(pseudonym, benefit, period),
      isWithdrawn: () => store.isWithdrawn(pseudonym),
      hasClaimed: (benefit) => store.hasClaimed(pseudonym, benefit),
      preferences: () =>
        deps.preferences.get(pseudonym) ?? defaultPreferences(clock.now().toISOString()),
    },
  );
  if (!decision.issue) {
    const counter = counted[decision.code];
    if (counter) stats[counter] += 1;
    if (decision.code === 'already-notified') duplicate(deps, event);
    return decision;
  }
  const { noticeId, entitlement, preferences: prefs } = decision;
  const notice = composeBilingual(entitlement, prefs.language, deps.links(noticeId), {
    noticeId,
  });
  const channels = channelsFor(prefs, deps.emailAvailable);
  const inserted = await store.insertNotice(
    {
      notice_id: noticeId,
      pseudonym,
      benefit: entitlement.benefit,
      period: entitlement.period,
      decision_id: event.event.decisionId,
      language: prefs.language,
      subject: notice.subject,
      text: notice.text,
      html: notice.html,
      entitlement: JSON.stringify({ consentId, notice }),
      created_at: clock.now().toISOString(),
    },
    channels,
  );
  if (!inserted) {
    stats.duplicates += 1;
    duplicate(deps, event);
    return { issue: false, code: 'already-notified' };
  }
  stats.notices += 1;
  deps.logger.info({ notice: noticeId, channels }, 'notice issued');
  deps.send();
  return decision;
}
