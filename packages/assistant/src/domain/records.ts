// What the assistant answers from: the signed-in citizen's own records, as the portal already
// reads them from the consent service and the notifier (services/portal/src/adapters/
// citizen-api.ts), handed in as plain values. The assistant never fetches anything itself; the
// edge loads these with the citizen's session (or, once counter agents exist, with a mandate's
// scope) through a RecordsSource (src/ask.ts).
import type { Lang } from '@relais/web/text';

export type { Lang };

/** A consent, as `GET /v1/me/consents` gives it. */
export interface ConsentRecord {
  id: string;
  purpose: string;
  /** An agency id, or `sector:<sector>` (every agency of that field). */
  recipient: string;
  categories: string[];
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'revoked' | 'expired';
}

/** A delivery of the citizen's data, as `GET /v1/me/access-log` gives it, with its categories. */
export interface AccessRecord {
  accessId: string;
  eventId: string;
  recipient: { id: string; name: string | null };
  contract: string;
  fields: string[];
  /** The data categories the delivered fields touch (the catalog's, resolved by the edge). */
  categories: string[];
  legalBasis: string;
  consentId: string | null;
  purpose: string;
  recordedAt: string;
}

/** A notice, as `GET /v1/me/notices` lists it. */
export interface NoticeRecord {
  noticeId: string;
  benefit: string;
  period: string;
  subject: string;
  createdAt: string;
  openedAt: string | null;
  claimedAt: string | null;
}

/** One notice in full (`GET /v1/me/notices/:id`): its text in both languages. */
export interface NoticeText {
  noticeId: string;
  text: string;
}

/** The catalog's identifiers in the citizen's words (the portal hands its labels). */
export interface Vocabulary {
  category(c: string): string;
  purpose(p: string): string;
  recipient(r: string): string;
  basis(b: string): string;
  contract(fullName: string): string;
}

/** Everything one answer may use: the citizen's records and nothing else. */
export interface CitizenRecords {
  consents: readonly ConsentRecord[];
  access: readonly AccessRecord[];
  /** Deliveries the session's level may not show (health, disability at eidas1). */
  hiddenAccess: number;
  notices: readonly NoticeRecord[];
  /** The full text of the notice the question is about, when it is about one. */
  noticeText?: NoticeText | undefined;
}
