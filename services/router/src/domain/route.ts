// Tell us once: for one canonical event, who receives what, and who is refused why. Pure: the
// consent state at the event's position and the time are handed in (through `consent`).
import {
  asAgencyId,
  asConsentId,
  asSubscriptionId,
  type AgencyId,
  type ConsentDecision,
  type ConsentId,
  type ConsentNeed,
  type DataCategory,
  type LegalBasis,
  type Subscription,
  type SubscriptionId,
} from '@relais/contracts';

export interface RoutingInput {
  contract: string;
  /** The subscriptions of this contract (deny by default: none, nobody receives it). */
  subscriptions: readonly Subscription[];
  /** Data category of each top-level field of the contract. */
  categoryOf: (field: string) => DataCategory | undefined;
  sectorOf: (agency: AgencyId) => string | undefined;
  /** The citizen's consent state at the event's position, judged for one need. */
  consent: (need: ConsentNeed) => ConsentDecision;
}

export interface Delivery {
  subscription: Subscription;
  subscriptionId: SubscriptionId;
  agency: AgencyId;
  sector: string;
  /** Minimisation: only these fields leave (the subscription's). */
  fields: string[];
  legalBasis: LegalBasis;
  /** The consent the delivery relies on; null under a legal obligation or a public task. */
  consentId: ConsentId | null;
}

export const denialCodes = [
  'no-subscription',
  'no-consent',
  'revoked',
  'expired',
  'unknown-agency',
] as const;
export type DenialCode = (typeof denialCodes)[number];

/** Guarantee 4: every denial is a value with its code, counted and logged by the edge. */
export type Denial =
  | { code: 'no-subscription'; agency: null; subscription: null; detail: string }
  | {
      code: Exclude<DenialCode, 'no-subscription'>;
      agency: AgencyId;
      subscription: SubscriptionId;
      detail: string;
    };

export interface Routing {
  deliveries: Delivery[];
  denials: Denial[];
}

export function route(input: RoutingInput): Routing {
  const deliveries: Delivery[] = [];
  const denials: Denial[] = [];
  if (input.subscriptions.length === 0) {
    denials.push({
      code: 'no-subscription',
      agency: null,
      subscription: null,
      detail: `${input.contract} has no subscriber`,
    });
  }
  for (const s of input.subscriptions) {
    // The catalog is a trusted source of ids.
    const agency = asAgencyId(s.agency);
    const subscription = asSubscriptionId(s.id);
    const sector = input.sectorOf(agency);
    if (!sector) {
      denials.push({
        code: 'unknown-agency',
        agency,
        subscription,
        detail: `agency ${s.agency} is not declared`,
      });
      continue;
    }
    let consentId: ConsentId | null = null;
    if (s.legalBasis === 'consent') {
      const categories = [
        ...new Set(
          s.fields.map(input.categoryOf).filter((c): c is DataCategory => c !== undefined),
        ),
      ];
      const decision = input.consent({ purpose: s.purpose, agency: s.agency, sector, categories });
      if (!decision.ok) {
        denials.push({ code: decision.reason, agency, subscription, detail: decision.detail });
        continue;
      }
      consentId = asConsentId(decision.consentId);
    }
    deliveries.push({
      subscription: s,
      subscriptionId: subscription,
      agency,
      sector,
      fields: s.fields,
      legalBasis: s.legalBasis,
      consentId,
    });
  }
  return { deliveries, denials };
}

/** Minimisation: only the subscription's fields leave. */
export function project(
  value: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in value).map((f) => [f, value[f]]));
}
