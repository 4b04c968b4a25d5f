// The registry's metrics (GET /metrics/prometheus): how many schemas and subjects it holds (read
// from its state at scrape time), and the registrations and compatibility failures this instance
// decided. Labels: which check failed — never a subject's content.
import { relaisMetrics, type ServiceMetrics } from '@relais/kit';
import type { RegistryState } from '../domain/state.ts';

const defs = relaisMetrics.registry;

/** What the routes count. */
export interface RegistryCounters {
  registered(): void;
  incompatible(check: 'register' | 'test'): void;
}

export function registryMetrics(metrics: ServiceMetrics, state: RegistryState): RegistryCounters {
  metrics.gaugeFrom(defs.schemas, () => state.schemas.size);
  metrics.gaugeFrom(defs.subjects, () => state.subjectNames().length);
  const registered = metrics.counter(defs.registered);
  const failures = metrics.counter(defs.compatibilityFailures);
  // Zero from the start: an alert on increase() sees the first failure.
  for (const check of ['register', 'test']) failures.inc({ check }, 0);
  return {
    registered: () => registered.inc(),
    incompatible: (check) => failures.inc({ check }),
  };
}
