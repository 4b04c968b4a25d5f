// The resources of a reference period, from the monthly resources Relais was given
// (MonthlyResourcesDeclared: the montant net social of each month, the citizen's and, when shared,
// the spouse's) and the benefits the CAF paid (BenefitPaymentsRecorded). The RSA and the prime
// d'activité read the 3 months before the month of the right, the CSS the 12 months before.
import type { Facts, MonthAmounts } from './facts.ts';

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

/** Benefits paid for a month that count as resources (family benefits, AAH), € cents. */
export function benefitsPaidMonthly(facts: Facts): number | undefined {
  const b = facts.benefitsPaid;
  return b ? b.familyBenefitsCents + b.aahCents : undefined;
}

/** The rules' housing situation from the CAF's: a tenant with or without housing aid. */
export function housingOf(
  facts: Facts,
): 'owner' | 'free' | 'tenant-with-aid' | 'tenant-without-aid' | undefined {
  if (facts.housing === 'tenant')
    return (facts.housingAidCents ?? 0) > 0 ? 'tenant-with-aid' : 'tenant-without-aid';
  return facts.housing;
}
