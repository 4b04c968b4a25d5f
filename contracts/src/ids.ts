// Branded ids: an agency id is never passed where a consent id is expected (branded as the pivot
// and the pseudonyms are in @relais/identity). `as…` brands a value Relais itself
// produced or read from a trusted place (the catalog, its own topics); `parse…` checks what comes
// from outside and throws an `IdError` naming the id and what was expected.

type Branded<T extends string> = string & { readonly __brand: T };

/** `caf`, `mairie-lyon`: an agency of the catalog; names its topics. */
export type AgencyId = Branded<'AgencyId'>;
/** A CloudEvents `ce_id`: unique per source; effects are idempotent by it. */
export type EventId = Branded<'EventId'>;
/** A consent in a citizen's consent document (`ce_consentid` of what it allowed). */
export type ConsentId = Branded<'ConsentId'>;
/** `caf-address-update`: a subscription of the catalog (contracts/subscriptions.yaml). */
export type SubscriptionId = Branded<'SubscriptionId'>;
/** A notice: one per citizen, benefit and period (services/notifier). */
export type NoticeId = Branded<'NoticeId'>;

export class IdError extends Error {
  override readonly name = 'IdError';
  readonly kind: string;
  readonly expected: string;
  constructor(kind: string, expected: string) {
    super(`${kind}: expected ${expected}`);
    this.kind = kind;
    this.expected = expected;
  }
}

/** Lower-case words joined by hyphens, as in the catalog; they end up in topic names. */
const SLUG = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function parser<Id extends Branded<string>>(
  kind: string,
  expected: string,
  ok: (s: string) => boolean,
): (value: unknown) => Id {
  return (value) => {
    if (typeof value !== 'string' || !ok(value)) throw new IdError(kind, expected);
    return value as Id;
  };
}

/** What the CloudEvents envelope accepts for `ce_id` and `ce_consentid` (kit/envelope.ts). */
const opaque = (s: string): boolean => s.length > 0 && s.length <= 128;

export const asAgencyId = (s: string): AgencyId => s as AgencyId;
export const parseAgencyId = parser<AgencyId>(
  'agency id',
  'lower-case words joined by hyphens (e.g. mairie-lyon), at most 64 characters',
  (s) => s.length <= 64 && SLUG.test(s),
);

export const asEventId = (s: string): EventId => s as EventId;
export const parseEventId = parser<EventId>(
  'event id',
  'a non-empty id of at most 128 characters',
  opaque,
);

export const asConsentId = (s: string): ConsentId => s as ConsentId;
export const parseConsentId = parser<ConsentId>(
  'consent id',
  'a non-empty id of at most 128 characters',
  opaque,
);

export const asSubscriptionId = (s: string): SubscriptionId => s as SubscriptionId;
export const parseSubscriptionId = parser<SubscriptionId>(
  'subscription id',
  'lower-case words joined by hyphens (e.g. caf-address-update), at most 128 characters',
  (s) => s.length <= 128 && SLUG.test(s),
);

export const asNoticeId = (s: string): NoticeId => s as NoticeId;
export const parseNoticeId = parser<NoticeId>(
  'notice id',
  'letters, digits, dots, hyphens or underscores, at most 128 characters',
  (s) => s.length <= 128 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s),
);
