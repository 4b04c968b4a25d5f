// The router's decision per subscription for one event (fr.gouv.relais.RoutingDecided): delivered
// or denied and why, for operators following a flow. Keyed by the event id; it names no citizen
// and carries no value of the event. Pure: the time, the position and the trace are handed in.
import type { EventId, Subscription } from '@relais/contracts';
import type { RoutingDecided } from '@relais/contracts/generated';
import type { Routing } from './route.ts';

export const ROUTING_DECIDED = 'fr.gouv.relais.RoutingDecided';

export function routingDecided(
  event: { id: EventId; contract: { fullName: string }; appendedAt: number },
  routing: Routing,
  /** The contract's subscriptions: a denial says the legal basis and purpose it was judged for. */
  subscriptions: readonly Subscription[],
  decidedAt: Date,
  traceId: string | null,
): RoutingDecided {
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  const delivered: RoutingDecided['decisions'] = routing.deliveries.map((d) => ({
    subscription: d.subscriptionId,
    agency: d.agency,
    outcome: 'DELIVERED',
    reason: null,
    legalBasis: d.legalBasis,
    purpose: d.subscription.purpose,
  }));
  const denied: RoutingDecided['decisions'] = routing.denials.map((d) => {
    const s = d.subscription === null ? undefined : byId.get(d.subscription);
    return {
      subscription: d.subscription,
      agency: d.agency,
      outcome: 'DENIED',
      reason: d.code,
      legalBasis: s?.legalBasis ?? null,
      purpose: s?.purpose ?? null,
    };
  });
  return {
    eventId: event.id,
    contract: event.contract.fullName,
    decisions: [...delivered, ...denied],
    positionAt: new Date(event.appendedAt),
    decidedAt,
    traceId,
  };
}
