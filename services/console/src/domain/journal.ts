// The operators' journal as the console reads it: each dead letter's status follows from the
// actions on it (the latest wins), and what may be replayed. Pure.
import type { DeadLetterStatus, OperatorActionKind } from './views.ts';

/** The status an action leaves its targets in. */
export const statusAfter = (kind: OperatorActionKind): DeadLetterStatus | undefined =>
  kind === 'replay' ? 'replayed' : kind === 'discard' ? 'discarded' : undefined;

export type ReplayRefusal = { code: 'not-open'; status: Exclude<DeadLetterStatus, 'open'> };

/**
 * Whether a dead letter may be replayed: an open one, yes; a replayed or discarded one only when
 * the operator says so (`again`), so a replay is never repeated by a double click.
 */
export function mayReplay(
  status: DeadLetterStatus,
  again: boolean,
): { ok: true } | { ok: false; refusal: ReplayRefusal } {
  if (status === 'open' || again) return { ok: true };
  return { ok: false, refusal: { code: 'not-open', status } };
}

/** The one-line outcome of an action, from each target's. */
export function summarise(results: ReadonlyArray<{ target: string; outcome: string }>): string {
  return results.map((r) => `${r.target}: ${r.outcome}`).join('; ');
}
