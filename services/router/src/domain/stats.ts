// The router's counters (GET /metrics): events routed, deliveries, and every denial by its code
// and recipient — deny by default, never silent (guarantee 4). Updated in place: the same object
// is served by /metrics and read by tests and benchmarks while the router runs.
import { denialCodes, type Denial, type DenialCode } from './route.ts';

export interface RouterStats {
  events: number;
  deliveries: number;
  denials: Record<DenialCode, number>;
  /** By agency id (a plain string key: read by id from a test or a dashboard). */
  denialsByAgency: Record<string, Partial<Record<DenialCode, number>>>;
  duplicatesSkipped: number;
}

export function emptyStats(): RouterStats {
  return {
    events: 0,
    deliveries: 0,
    denials: Object.fromEntries(denialCodes.map((c) => [c, 0])) as Record<DenialCode, number>,
    denialsByAgency: {},
    duplicatesSkipped: 0,
  };
}

/** One event judged: counted, with each of its denials by code and, when it has one, recipient. */
export function countRouted(stats: RouterStats, denials: readonly Denial[]): void {
  stats.events += 1;
  for (const d of denials) {
    stats.denials[d.code] += 1;
    if (d.agency) {
      const byAgency = (stats.denialsByAgency[d.agency] ??= {});
      byAgency[d.code] = (byAgency[d.code] ?? 0) + 1;
    }
  }
}
