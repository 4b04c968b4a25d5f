// The consent document: what relais.consents holds per citizen (key = pivot, compacted), written
// by services/consent and read by the router. Each record is the citizen's whole consent state
// after a change; the router keeps the versions it saw with their log-append time, so it judges
// an event by the state at that event's position in the citizen's order.
import { dataCategories, type DataCategory } from './model.ts';
import { topics } from './topics.ts';

/** The consents topic (declared in topics.ts), under the names its readers import. */
export const CONSENTS_TOPIC = topics.consents.name;
/** Compacted, compaction lag of an hour, broker time; co-partitioned with relais.events.*. */
export const consentsTopicConfig = topics.consents.config;

export const consentChannels = ['PORTAL', 'COUNTER', 'OTHER'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export interface ConsentEntry {
  id: string;
  /** Why the data may move: `address-update`, `proactive-eligibility`, … */
  purpose: string;
  /** An agency id, or `sector:<sector>` for every agency of a sector. */
  recipient: string;
  categories: DataCategory[];
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** PORTAL by the citizen, COUNTER with a France Services agent (assisted session). */
  channel: ConsentChannel;
}

export interface ConsentDocument {
  version: 1;
  consents: ConsentEntry[];
  updatedAt: string;
}

export function parseConsentDocument(json: string): ConsentDocument {
  const doc = JSON.parse(json) as Partial<ConsentDocument>;
  if (doc.version !== 1 || !Array.isArray(doc.consents)) {
    throw new Error('consent document: expected {version: 1, consents: [...]}');
  }
  for (const [i, c] of doc.consents.entries()) {
    if (
      typeof c.id !== 'string' ||
      typeof c.purpose !== 'string' ||
      typeof c.recipient !== 'string'
    ) {
      throw new Error(`consent document: consents[${i}] needs id, purpose and recipient strings`);
    }
    if (
      !Array.isArray(c.categories) ||
      !c.categories.every((k) => (dataCategories as readonly string[]).includes(k))
    ) {
      throw new Error(`consent document: consents[${i}].categories must list data categories`);
    }
  }
  return doc as ConsentDocument;
}

export type ConsentDenial = 'no-consent' | 'revoked' | 'expired';
export type ConsentDecision =
  { ok: true; consentId: string } | { ok: false; reason: ConsentDenial; detail: string };

export interface ConsentNeed {
  purpose: string;
  agency: string;
  sector: string;
  categories: readonly DataCategory[];
}

/**
 * Is there, in `doc` (the citizen's consent state at the event's position), a consent for this
 * purpose, recipient and categories, valid at `eventTime`? A revoked one is reported as such, an
 * expired one too; otherwise "no consent". Pure: time comes in as an argument.
 */
export function decideConsent(
  doc: ConsentDocument | undefined,
  need: ConsentNeed,
  eventTime: Date,
): ConsentDecision {
  const forRecipient = (doc?.consents ?? []).filter(
    (c) =>
      c.purpose === need.purpose &&
      (c.recipient === need.agency || c.recipient === `sector:${need.sector}`),
  );
  const covering = forRecipient.filter((c) =>
    need.categories.every((k) => c.categories.includes(k)),
  );
  const valid = covering.find(
    (c) =>
      c.revokedAt === null &&
      (c.expiresAt === null || Date.parse(c.expiresAt) > eventTime.getTime()),
  );
  if (valid) return { ok: true, consentId: valid.id };
  if (covering.some((c) => c.revokedAt !== null))
    return { ok: false, reason: 'revoked', detail: `consent for ${need.purpose} revoked` };
  if (covering.length)
    return { ok: false, reason: 'expired', detail: `consent for ${need.purpose} expired` };
  if (forRecipient.length) {
    return {
      ok: false,
      reason: 'no-consent',
      detail: `consent for ${need.purpose} does not cover ${need.categories.join(', ')}`,
    };
  }
  return {
    ok: false,
    reason: 'no-consent',
    detail: `no consent for ${need.purpose} to ${need.agency}`,
  };
}
