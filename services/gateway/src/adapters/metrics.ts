// The gateway's metrics (GET /metrics/prometheus): events accepted and refused by ingress (HTTP or
// native Kafka), agency and reason; inbox reads and acknowledgements; webhook attempts, failures
// and dead letters (read at scrape time from the dispatcher's own counts). Labels: agency ids and
// reason codes — never a citizen, never a URL.
import type { AgencyId } from '@relais/contracts';
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import type { WebhookStats } from '../webhooks/dispatcher.ts';

const defs = relaisMetrics.gateway;

export type Ingress = 'http' | 'kafka';

/** What the routes and the ingress consumer count. */
export interface GatewayCounters {
  accepted(ingress: Ingress, agency: AgencyId, events?: number): void;
  /** `reason`: the refusal's code (contract-unknown, not-publisher, …), never its details. */
  rejected(ingress: Ingress, agency: AgencyId, reason: string): void;
  inboxRead(agency: AgencyId): void;
  inboxAcked(agency: AgencyId): void;
}

export function gatewayMetrics(metrics: ServiceMetrics, webhooks: WebhookStats): GatewayCounters {
  const accepted = metrics.counter(defs.accepted);
  const rejected = metrics.counter(defs.rejected);
  const reads = metrics.counter(defs.inboxReads);
  const acks = metrics.counter(defs.inboxAcks);
  const perAgency = (key: keyof WebhookStats[string]) => () =>
    Object.entries(webhooks).map(([agency, counts]) => [{ agency }, counts[key]] as const);
  metrics.counterFrom(defs.webhookAttempts, perAgency('attempts'));
  metrics.counterFrom(defs.webhookDelivered, perAgency('delivered'));
  metrics.counterFrom(defs.webhookFailures, perAgency('failures'));
  metrics.counterFrom(defs.webhookDeadLettered, perAgency('deadLettered'));
  return {
    accepted: (ingress, agency, events = 1) => accepted.inc({ ingress, agency }, events),
    rejected: (ingress, agency, reason) => rejected.inc({ ingress, agency, reason }),
    inboxRead: (agency) => reads.inc({ agency }),
    inboxAcked: (agency) => acks.inc({ agency }),
  };
}
