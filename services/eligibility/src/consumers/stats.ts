// The service's counters (GET /metrics): what the engine evaluated and determined, and what the
// consumers did with each delivery and consent change.
import { newEngineStats, type EngineStats } from '../domain/reevaluate.ts';

export interface EligibilityStats extends EngineStats {
  eventsApplied: number;
  eventsUnchanged: number;
  /** Deliveries of an event already applied: skipped, and logged at info with the event id. */
  duplicates: number;
  eventsIgnored: number;
  forgotten: number;
}

export const newStats = (): EligibilityStats => ({
  ...newEngineStats(),
  eventsApplied: 0,
  eventsUnchanged: 0,
  duplicates: 0,
  eventsIgnored: 0,
  forgotten: 0,
});
