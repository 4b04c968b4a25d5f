// The consent service's metrics (GET /metrics/prometheus): consents granted and revoked, by the
// channel they were granted through (PORTAL, COUNTER) and their purpose — never a citizen.
import type { ConsentEntry } from '@relais/contracts';
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';

const defs = relaisMetrics.consent;

/** What the routes count, once the change is written. */
export interface ConsentCounters {
  granted(consent: Pick<ConsentEntry, 'channel' | 'purpose'>): void;
  revoked(consent: Pick<ConsentEntry, 'channel' | 'purpose'>): void;
}

export function consentMetrics(metrics: ServiceMetrics): ConsentCounters {
  const grants = metrics.counter(defs.grants);
  const revocations = metrics.counter(defs.revocations);
  return {
    granted: (c) => grants.inc({ channel: c.channel, purpose: c.purpose }),
    revoked: (c) => revocations.inc({ channel: c.channel, purpose: c.purpose }),
  };
}
