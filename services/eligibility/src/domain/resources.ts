// The resources of a reference period, from the monthly resources Relais was given
// (MonthlyResourcesDeclared: the montant net social of each month, the citizen's and, when shared,
// the spouse's) and the benefits the CAF paid (BenefitPaymentsRecorded). The RSA and the prime
// d'activité read the 3 months before the month of the right, the CSS the 12 months before.
import type { Facts, MonthAmounts } from './facts.ts';
import { valueAt } from './parameters.ts';
import { asfForfait, bmaf } from './rules/bmaf.ts';

export interface PeriodResources {
  /** Earnings over the period, € cents. */
  earned: number;
  /** Pensions and unemployment benefits over the period, € cents. */
  other: number;
}

/** Windows already made, by `on` and `n` (a campaign asks the same few for every profile). */
const windows = new Map<string, readonly string[]>();
const WINDOWS_KEPT = 256;
/** The last window asked for each length: a campaign asks for the same date again and again. */
const lastWindow: Array<{ on: string; window: readonly string[] } | undefined> = [];

/** First days of the `n` months before the month of `on`, oldest first (a frozen array). */
export function monthsBefore(on: string, n: number): readonly string[] {
  const last = lastWindow[n];
  if (last?.on === on) return last.window;
  const key = `${on.slice(0, 7)}/${n}`;
  let window = windows.get(key);
  if (window) {
    lastWindow[n] = { on, window };
    return window;
  }
  const index = Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - 1;
  window = Object.freeze(
    Array.from({ length: n }, (_, k) => {
      const i = index - n + k;
      return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
    }),
  );
  if (windows.size >= WINDOWS_KEPT) windows.clear();
  windows.set(key, window);
  lastWindow[n] = { on, window };
  return window;
}

/** Sums over the window; undefined when a month of it was not declared. */
export function overPeriod(
  months: readonly MonthAmounts[] | undefined,
  window: readonly string[],
): PeriodResources | undefined {
  if (!months) return undefined;
  let earned = 0;
  let other = 0;
  for (const day of window) {
    // The last declaration of the month wins (a correction), as it did in a Map by month.
    let m: MonthAmounts | undefined;
    for (let i = months.length - 1; i >= 0 && !m; i -= 1) {
      const x = months[i] as MonthAmounts;
      if (sameMonth(x.month, day)) m = x;
    }
    if (!m) return undefined;
    earned += m.earned;
    other += m.pension + m.unemployment;
  }
  return { earned, other };
}

/** Whether two dates fall in the same month: their first 7 characters (YYYY-MM) are equal. */
function sameMonth(a: string, b: string): boolean {
  if (a.length < 7 || b.length < 7) return a.slice(0, 7) === b.slice(0, 7);
  for (let i = 0; i < 7; i += 1) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * Each adult's resources over the window, applicant first: undefined when one adult's are not
 * known (a spouse who did not share theirs), so the rule says `unknown` rather than guess.
 */
export function adultsOverPeriod(
  facts: Facts,
  adults: number,
  window: readonly string[],
): PeriodResources[] | undefined {
  const own = overPeriod(facts.declaredMonths?.own, window);
  if (!own || adults < 1) return undefined;
  if (adults === 1) return [own];
  const spouse = overPeriod(facts.declaredMonths?.spouse, window);
  return spouse && adults === 2 ? [own, spouse] : undefined;
}

/**
 * Benefits paid for a month that count as resources (family benefits, AAH), € cents. With `on`
 * (the RSA, the prime d'activité) the ASF counts at its forfait: a share of the BMAF per child, at
 * most what is paid (CASF R262-10-1, CSS R844-4).
 */
export function benefitsPaidMonthly(facts: Facts, on?: string): number | undefined {
  const b = facts.benefitsPaid;
  if (!b) return undefined;
  const asf = b.supportAllowanceCents ?? 0;
  const base = on ? valueAt(bmaf, on)?.value : undefined;
  const rate = on ? valueAt(asfForfait, on)?.value : undefined;
  const counted =
    asf > 0 && base !== undefined && rate !== undefined
      ? Math.min(asf, Math.round((b.supportAllowanceChildren ?? 0) * rate * base))
      : asf;
  return b.familyBenefitsCents - asf + counted + b.aahCents;
}

/** The rules' housing situation from the CAF's: a tenant with or without housing aid. */
export function housingOf(
  facts: Facts,
): 'owner' | 'free' | 'tenant-with-aid' | 'tenant-without-aid' | undefined {
  if (facts.housing === 'tenant')
    return (facts.housingAidCents ?? 0) > 0 ? 'tenant-with-aid' : 'tenant-without-aid';
  return facts.housing;
}
