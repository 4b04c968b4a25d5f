// Staleness: a parameter the law revalues each year must have a value from this year's
// revaluation date once that date has come, or an explicit, dated "not published yet" entry for
// it — so a missing value is visible (a failing check), not silent (last year's value applied).
// Pure: the date is an argument; the CI passes the day it runs (services/eligibility/README.md).
import type { Parameter } from './parameters.ts';

/** A "not published yet" entry older than this must be searched again (and re-dated). */
export const RECHECK_DAYS = 92;

export interface StaleParameter {
  id: string;
  /** The revaluation date whose value is missing. */
  due: string;
  reason: 'missing' | 'pending-too-old';
  basis: string;
}

const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/** The parameters missing the value of the latest revaluation date on or before `on`. */
export function staleParameters(
  book: Map<string, Parameter<unknown>>,
  on: string,
): StaleParameter[] {
  const year = Number(on.slice(0, 4));
  const out: StaleParameter[] = [];
  for (const p of book.values()) {
    if (!p.revalued) continue;
    const thisYear = `${year}-${p.revalued.on}`;
    const due = thisYear <= on ? thisYear : `${year - 1}-${p.revalued.on}`;
    if (p.values.some((v) => v.from === due)) continue;
    const pending = p.pending?.find((x) => x.from === due && x.notedOn <= on);
    if (pending && daysBetween(pending.notedOn, on) <= RECHECK_DAYS) continue;
    out.push({
      id: p.id,
      due,
      reason: pending ? 'pending-too-old' : 'missing',
      basis: p.revalued.basis,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** The day the shipped book was last checked against the published texts (docs/rules/*.md). */
export const BOOK_REVIEWED_ON = '2026-11-28';
