// The notifier's counters (GET /metrics): determinations read, notices issued, why the others were
// not, claims, and each channel's final statuses.

export interface NotifierStats {
  determinations: number;
  notices: number;
  duplicates: number;
  alreadyClaimed: number;
  paused: number;
  withdrawn: number;
  claims: number;
  byChannel: Record<string, Record<string, number>>;
}

export const newStats = (): NotifierStats => ({
  determinations: 0,
  notices: 0,
  duplicates: 0,
  alreadyClaimed: 0,
  paused: 0,
  withdrawn: 0,
  claims: 0,
  byChannel: {},
});
