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

/** First days of the `n` months before the month of `on`, oldest first. */
export function monthsBefore(on: string, n: number): string[] {
  const index = Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - 1;
  return Array.from({ length: n }, (_, k) => {
    const i = index - n + k;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  });
}

/** Sums over the window; undefined when a month of it was not declared. */
export function overPeriod(
  months: readonly MonthAmounts[] | undefined,
  window: readonly string[],
): PeriodResources | undefined {
  if (!months) return undefined;
  const byMonth = new Map(months.map((m) => [m.month.slice(0, 7), m]));
  let earned = 0;
  let other = 0;
  for (const day of window) {
    const m = byMonth.get(day.slice(0, 7));
    if (!m) return undefined;
    earned += m.earned;
    other += m.pension + m.unemployment;
  }
  return { earned, other };
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
