// A citizen's consents as pure transformations of their consent document (the whole state that
// relais.consents holds per pivot): validate a grant, grant, revoke, list. Time and ids are
// handed in; nothing here reads a clock, Kafka or HTTP.
import {
  dataCategories,
  type Catalog,
  type ConsentId,
  type ConsentChannel,
  type ConsentDocument,
  type ConsentEntry,
  type DataCategory,
} from '@relais/contracts';

/** A field of the request and what was expected there (the kit's FieldProblem, structurally). */
export interface Problem {
  field: string;
  expected: string;
}

/** A consent of the document, its id branded (documents come from Relais' own topic). */
export type Consent = ConsentEntry & { id: ConsentId };

export interface DomainClock {
  now(): Date;
}

export interface GrantRequest {
  purpose: string;
  recipient: string;
  categories: string[];
  expiresAt?: string | undefined;
  channel?: ConsentChannel | undefined;
}

/** What a citizen may consent to, from the catalog. */
export interface ConsentPolicy {
  /** Agency ids a consent may name as its recipient. */
  agencies: ReadonlySet<string>;
  /** Sectors a consent may name as `sector:<sector>` (every agency of that sector). */
  sectors: ReadonlySet<string>;
  /** Purposes some subscription relies on consent for: consenting to anything else is void. */
  purposes: ReadonlySet<string>;
}

export const SECTOR_PREFIX = 'sector:';
export const citizenChannels = ['PORTAL', 'COUNTER'] as const satisfies readonly ConsentChannel[];

export function consentPolicy(catalog: Catalog): ConsentPolicy {
  return {
    agencies: new Set(catalog.agencies.map((a) => a.id)),
    sectors: new Set(catalog.agencies.map((a) => a.sector)),
    purposes: new Set(
      catalog.subscriptions.filter((s) => s.legalBasis === 'consent').map((s) => s.purpose),
    ),
  };
}

// RFC 3339 date-time (section 5.6): full date, `T`, time with optional fraction, `Z` or offset.
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const list = (values: Iterable<string>): string => [...values].sort().join(', ');

/** Every problem of a grant request, naming the field (`/body/...`) and the expectation. */
export function validateGrant(req: GrantRequest, policy: ConsentPolicy, now: Date): Problem[] {
  const problems: Problem[] = [];
  if (!policy.purposes.has(req.purpose)) {
    problems.push({
      field: '/body/purpose',
      expected: `a purpose a subscription asks consent for: ${list(policy.purposes)}`,
    });
  }
  if (req.recipient.startsWith(SECTOR_PREFIX)) {
    if (!policy.sectors.has(req.recipient.slice(SECTOR_PREFIX.length))) {
      problems.push({
        field: '/body/recipient',
        expected: `sector:<sector> with a sector of the catalog: ${list(policy.sectors)}`,
      });
    }
  } else if (!policy.agencies.has(req.recipient)) {
    problems.push({
      field: '/body/recipient',
      expected: `an agency id of the catalog (${list(policy.agencies)}) or sector:<sector>`,
    });
  }
  if (req.categories.length === 0) {
    problems.push({ field: '/body/categories', expected: 'at least one data category' });
  }
  req.categories.forEach((c, i) => {
    if (!(dataCategories as readonly string[]).includes(c)) {
      problems.push({
        field: `/body/categories/${i}`,
        expected: `one of ${dataCategories.join(', ')}`,
      });
    }
  });
  if (req.expiresAt !== undefined) {
    if (!RFC3339.test(req.expiresAt) || Number.isNaN(Date.parse(req.expiresAt))) {
      problems.push({ field: '/body/expiresAt', expected: 'an RFC 3339 date-time' });
    } else if (Date.parse(req.expiresAt) <= now.getTime()) {
      problems.push({ field: '/body/expiresAt', expected: 'an instant in the future' });
    }
  }
  if (req.channel !== undefined && !(citizenChannels as readonly string[]).includes(req.channel)) {
    problems.push({ field: '/body/channel', expected: `one of ${citizenChannels.join(', ')}` });
  }
  return problems;
}

export function emptyDocument(now: Date): ConsentDocument {
  return { version: 1, consents: [], updatedAt: now.toISOString() };
}

export interface Change {
  document: ConsentDocument;
  consent: Consent;
}

/** A new consent appended to the citizen's document. The request must have validated. */
export function grantConsent(
  doc: ConsentDocument | undefined,
  req: GrantRequest,
  deps: { clock: DomainClock; newId: () => ConsentId },
): Change {
  const now = deps.clock.now();
  const consent: Consent = {
    id: deps.newId(),
    purpose: req.purpose,
    recipient: req.recipient,
    // In the catalog's order, once each: the same consent reads the same whatever the input order.
    categories: dataCategories.filter((c: DataCategory) => req.categories.includes(c)),
    grantedAt: now.toISOString(),
    expiresAt: req.expiresAt === undefined ? null : new Date(req.expiresAt).toISOString(),
    revokedAt: null,
    channel: req.channel ?? 'PORTAL',
  };
  const base = doc ?? emptyDocument(now);
  return {
    document: { ...base, consents: [...base.consents, consent], updatedAt: now.toISOString() },
    consent,
  };
}

export type Revocation =
  /** No such consent in the citizen's document: another citizen's is not found either. */
  | { code: 'not-found'; id: ConsentId }
  /** Already revoked: nothing to write, the same answer (revoking is idempotent). */
  | { code: 'unchanged'; consent: Consent }
  | ({ code: 'revoked' } & Change);

/** Withdrawing is as easy as granting: one consent id, one change (GDPR art. 7(3)). */
export function revokeConsent(
  doc: ConsentDocument | undefined,
  id: ConsentId,
  clock: DomainClock,
): Revocation {
  const current = doc?.consents.find((c): c is Consent => c.id === id);
  if (!doc || !current) return { code: 'not-found', id };
  if (current.revokedAt !== null) return { code: 'unchanged', consent: current };
  const now = clock.now().toISOString();
  const consent: Consent = { ...current, revokedAt: now };
  return {
    code: 'revoked',
    consent,
    document: {
      ...doc,
      consents: doc.consents.map((c) => (c.id === id ? consent : c)),
      updatedAt: now,
    },
  };
}

export type ConsentStatus = 'active' | 'revoked' | 'expired';

export function statusOf(consent: ConsentEntry, now: Date): ConsentStatus {
  if (consent.revokedAt !== null) return 'revoked';
  if (consent.expiresAt !== null && Date.parse(consent.expiresAt) <= now.getTime())
    return 'expired';
  return 'active';
}

/** Active, expired and revoked alike, the latest granted first. */
export function newestFirst(doc: ConsentDocument | undefined): Consent[] {
  // The document appends in grant order: reversing it is newest first, ties included.
  return [...((doc?.consents ?? []) as Consent[])].reverse();
}
