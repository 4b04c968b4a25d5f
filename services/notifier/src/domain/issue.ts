// Whether a determination becomes a notice: only a LIKELY_ELIGIBLE for a benefit the notifier can
// write about, at most once per citizen × benefit × period, never after the citizen withdrew the
// consent, never for a benefit already claimed, never while the citizen paused notices. Pure: the
// citizen's record is read through the interface it is handed.
import { createHash } from 'node:crypto';
import type { NoticeId } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';
import { isBenefit, toEntitlement, type EntitlementEvent } from './entitlement.ts';
import type { Preferences } from './preferences.ts';
import type { Benefit, Entitlement } from './types.ts';

/** One notice per (citizen, benefit, period): its id says so (UUID-shaped, RFC 9562 §5.8). */
export function noticeIdOf(pseudonym: Pseudonym, benefit: string, period: string): NoticeId {
  const h = createHash('sha256')
    .update(`${pseudonym}\u0000${benefit}\u0000${period}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}` as NoticeId;
}

/** What the notifier knows of the citizen, read only as far as the decision needs. */
export interface CitizenRecord {
  /** A notice for this benefit and period was already recorded. */
  hasNotice(benefit: Benefit, period: string): boolean;
  /** The citizen withdrew (or let expire) the proactive-eligibility consent. */
  isWithdrawn(): boolean;
  /** The citizen already claimed the benefit (BenefitClaimed). */
  hasClaimed(benefit: Benefit): boolean;
  /** The citizen's preferences, or the defaults. */
  preferences(): Preferences;
}

export type NoNotice =
  | 'not-likely-eligible'
  | 'unknown-benefit'
  | 'already-notified'
  | 'withdrawn'
  | 'already-claimed'
  | 'paused';

export type NoticeDecision =
  | { issue: true; noticeId: NoticeId; entitlement: Entitlement; preferences: Preferences }
  | { issue: false; code: NoNotice };

export function decideNotice(
  determination: { pseudonym: Pseudonym; event: EntitlementEvent },
  citizen: CitizenRecord,
): NoticeDecision {
  const { pseudonym, event } = determination;
  if (event.outcome !== 'LIKELY_ELIGIBLE') return { issue: false, code: 'not-likely-eligible' };
  if (!isBenefit(event.benefit)) return { issue: false, code: 'unknown-benefit' };
  const entitlement = toEntitlement(event);
  const { benefit, period } = entitlement;
  if (citizen.hasNotice(benefit, period)) return { issue: false, code: 'already-notified' };
  // Defence in depth: the eligibility service erases a withdrawn citizen's profile, and a
  // determination already on its way when the consent was withdrawn stops here.
  if (citizen.isWithdrawn()) return { issue: false, code: 'withdrawn' };
  if (citizen.hasClaimed(benefit)) return { issue: false, code: 'already-claimed' };
  const preferences = citizen.preferences();
  if (preferences.paused) return { issue: false, code: 'paused' };
  return {
    issue: true,
    noticeId: noticeIdOf(pseudonym, benefit, period),
    entitlement,
    preferences,
  };
}
