// Tell us once: for one canonical event, who receives what, and who is refused why. Pure: the
// consent state at the event's position and the time are handed in.
import type { ConsentDecision, ConsentNeed, DataCategory, Subscription } from '@relais/contracts';

export interface RoutingInput {
  contract: string;
  /** The subscriptions of this contract (deny by default: none, nobody receives it). */
  subscriptions: Subscription[];
  /** Data category of each top-level field of the contract. */
  categoryOf: (field: string) => DataCategory | undefined;
  sectorOf: (agency: string) => string | undefined;
  consent: (need: ConsentNeed) => ConsentDecision;
}

export interface Delivery {
  subscription: Subscription;
  agency: string;
  sector: string;
  fields: string[];
  legalBasis: Subscription['legalBasis'];
  consentId: string | null;
}

export type DenialReason =
  'no-subscription' | 'no-consent' | 'revoked' | 'expired' | 'unknown-agency';

export interface Denial {
  agency: string | null;
  subscription: string | null;
  reason: DenialReason;
  detail: string;
}

export function route(input: RoutingInput): { deliveries: Delivery[]; denials: Denial[] } {
  const deliveries: Delivery[] = [];
  const denials: Denial[] = [];
  if (input.subscriptions.length === 0) {
    denials.push({
      agency: null,
      subscription: null,
      reason: 'no-subscription',
      detail: `${input.contract} has no subscriber`,
    });
  }
  for (const s of input.subscriptions) {
    const sector = input.sectorOf(s.agency);
    if (!sector) {
      denials.push({
        agency: s.agency,
        subscription: s.id,
        reason: 'unknown-agency',
        detail: `agency ${s.agency} is not declared`,
      });
      continue;
    }
    let consentId: string | null = null;
    if (s.legalBasis === 'consent') {
      const categories = [
        ...new Set(
          s.fields.map(input.categoryOf).filter((c): c is DataCategory => c !== undefined),
        ),
      ];
      const decision = input.consent({ purpose: s.purpose, agency: s.agency, sector, categories });
      if (!decision.ok) {
        denials.push({
          agency: s.agency,
          subscription: s.id,
          reason: decision.reason,
          detail: decision.detail,
        });
        continue;
      }
      consentId = decision.consentId;
    }
    deliveries.push({
      subscription: s,
      agency: s.agency,
      sector,
      fields: s.fields,
      legalBasis: s.legalBasis,
      consentId,
    });
  }
  return { deliveries, denials };
}

/** Minimisation: only the subscription's fields leave. */
export function project(value: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in value).map((f) => [f, value[f]]));
}
