// Every rule on a citizen's facts, for one date: each rule receives only the facts it declares,
// translated from what Relais knows. A fact Relais was not told stays undefined, so the rule says
// `unknown` rather than guessing.
import type { Decision } from './decision.ts';
import type { Facts, HouseholdMemberFact } from './facts.ts';
import type { LastOutcome, Profile } from './profile.ts';
import { aah, type AahFacts } from './rules/aah.ts';
import { ars, type ArsFacts } from './rules/ars.ts';
import { aspa, aspaAgeUnfit, type AspaFacts } from './rules/aspa.ts';
import { chequeEnergie, type ChequeEnergieFacts } from './rules/cheque-energie.ts';
import { css, type CssFacts } from './rules/css.ts';
import { valueAt } from './parameters.ts';
import {
  aahCountsAsEarnings,
  primeActivite,
  type PrimeActiviteFacts,
} from './rules/prime-activite.ts';
import { rsa, type RsaFacts } from './rules/rsa.ts';
import {
  adultsOverPeriod,
  benefitsPaidMonthly,
  housingOf,
  monthsBefore,
  type PeriodResources,
} from './resources.ts';

export const BENEFITS = [
  'CSS',
  'ARS',
  'RSA',
  'PRIME_ACTIVITE',
  'AAH',
  'CHEQUE_ENERGIE',
  'ASPA',
] as const;

const isAdult = (m: HouseholdMemberFact) => m.role === 'applicant' || m.role === 'spouse';
const isChild = (m: HouseholdMemberFact) => m.role === 'child' && m.dependent !== false;

function adultCount(members: readonly HouseholdMemberFact[]): number {
  let n = 0;
  for (const m of members) if (isAdult(m)) n += 1;
  return n;
}

/** Days per month used to turn a daily allowance into a monthly one (365.25 / 12). */
const DAYS_PER_MONTH = 30.4375;

/**
 * The citizen's own monthly income as Relais can know it: earnings from the employment situation
 * (undefined for a pension or other income, which are not shared with Relais) and the
 * unemployment allowance (undefined for an unemployed person whose allowance is unknown).
 */
export function ownIncome(facts: Facts): { earned?: number; allowance?: number } {
  const status = facts.employmentStatus;
  const working = status === 'EMPLOYED' || status === 'SELF_EMPLOYED' || status === 'TRAINING';
  const earned = working ? facts.monthlyNetIncomeCents : status === 'UNEMPLOYED' ? 0 : undefined;
  const j = facts.jobseeker;
  const allowance = !j
    ? working
      ? 0
      : undefined
    : !j.compensated
      ? 0
      : j.dailyAllowanceCents === undefined
        ? undefined
        : Math.round(j.dailyAllowanceCents * DAYS_PER_MONTH);
  const out: { earned?: number; allowance?: number } = {};
  if (earned !== undefined) out.earned = earned;
  if (allowance !== undefined) out.allowance = allowance;
  return out;
}

/**
 * The foyer's average monthly resources over the 3 months before the month of `on` (RSA, prime
 * d'activité): the montant net social declared for each adult, plus the benefits the CAF paid.
 * Without declared months, a single citizen's earnings plus the unemployment allowance. Undefined
 * for a couple whose spouse's resources Relais was not given, or when a part is unknown.
 */
export function monthlyResources(facts: Facts, on: string): number | undefined {
  return monthlyResourcesOf(facts, on, facts.members ? adultCount(facts.members) : 1);
}

/** monthlyResources, the adults of the foyer already counted. */
function monthlyResourcesOf(facts: Facts, on: string, adults: number): number | undefined {
  const paid = benefitsPaidMonthly(facts, on) ?? 0;
  const quarter = adultsOverPeriod(facts, adults, monthsBefore(on, 3));
  if (quarter) return Math.round(total(quarter) / 3) + paid;
  if (adults > 1) return undefined;
  const { earned, allowance } = ownIncome(facts);
  return earned === undefined || allowance === undefined ? undefined : earned + allowance + paid;
}

const total = (rs: PeriodResources[]) => rs.reduce((s, r) => s + r.earned + r.other, 0);

/**
 * The foyer's resources over the 12 months before the month of `on` (CSS), declared month by month
 * and with the benefits paid; otherwise the reference tax income, an approximation.
 */
export function yearResources(
  facts: Facts,
  on: string,
): { cents: number; declared: boolean } | undefined {
  return yearResourcesOf(facts, on, facts.members ? adultCount(facts.members) : 1);
}

/** yearResources, the adults of the foyer already counted. */
function yearResourcesOf(
  facts: Facts,
  on: string,
  adults: number,
): { cents: number; declared: boolean } | undefined {
  const year = adultsOverPeriod(facts, adults, monthsBefore(on, 12));
  if (year) return { cents: total(year) + 12 * (benefitsPaidMonthly(facts) ?? 0), declared: true };
  const rfr = facts.referenceTaxIncomeCents;
  return rfr === undefined ? undefined : { cents: rfr, declared: false };
}

/** The last date asked: a campaign asks for one date's rentrée, profile after profile. */
let lastRentree: { on: string; year: number } | undefined;
/** The rentrée whose ARS is open on `on`: from July, this year's; before, last year's. */
export const rentreeYearOn = (on: string): number => {
  if (lastRentree?.on === on) return lastRentree.year;
  const year = Number(on.slice(0, 4)) - (Number(on.slice(5, 7)) >= 7 ? 0 : 1);
  lastRentree = { on, year };
  return year;
};

export function evaluateAll(facts: Facts, on: string): Decision[] {
  // The rules' facts are built by assignment, not by spreading `cond ? {…} : {}`: a campaign does
  // this for every profile, and each spread was a short-lived object. A fact Relais was not told
  // stays absent, as before.
  const members = facts.members;
  let adults: HouseholdMemberFact[] | undefined;
  let children: HouseholdMemberFact[] | undefined;
  if (members) {
    adults = [];
    children = [];
    for (const m of members)
      if (isAdult(m)) adults.push(m);
      else if (isChild(m)) children.push(m);
  }
  const adultsCounted = adults ? adults.length : 1;
  const resources = monthlyResourcesOf(facts, on, adultsCounted);
  let youngest: string | undefined;
  if (children)
    for (const c of children)
      if (c.birthDate !== undefined && (youngest === undefined || c.birthDate > youngest))
        youngest = c.birthDate;
  const yearly = yearResourcesOf(facts, on, adultsCounted);
  const housing = housingOf(facts);
  const housingAidCents = facts.housingAidCents;
  const unfit = citizenUnfitForWork(facts, on);

  const aspaFacts: AspaFacts = {};
  if (adults?.length)
    aspaFacts.adults = adults.map((a) => {
      const adult: { birthDate?: string; unfitForWork?: boolean } = {};
      if (a.birthDate) adult.birthDate = a.birthDate;
      if (a.role === 'applicant' && unfit) adult.unfitForWork = true;
      return adult;
    });
  // The ASPA counts neither the family benefits (R815-22) nor the AAH, subsidiary to it.
  if (yearly?.declared)
    aspaFacts.annualResourcesCents = yearly.cents - 12 * (benefitsPaidMonthly(facts) ?? 0);
  const aspaDecision = aspa(aspaFacts, on);
  const aspaFirst =
    aspaDecision.outcome === 'eligible' ? aspaDecision.estimatedMonthlyCents : undefined;

  const cssFacts: CssFacts = {};
  if (members) cssFacts.members = members.map((m) => pick(m.birthDate));
  if (yearly) cssFacts.annualResourcesCents = yearly.cents;
  if (yearly?.declared) cssFacts.declaredResources = true;
  if (facts.territory) cssFacts.territory = facts.territory;
  if (housing) cssFacts.housing = housing;
  if (housingAidCents !== undefined) cssFacts.housingAidCents = housingAidCents;

  const arsFacts: ArsFacts = {};
  if (children) arsFacts.children = children.map((c) => pick(c.birthDate));
  if (facts.referenceTaxIncomeCents !== undefined)
    arsFacts.annualIncomeCents = facts.referenceTaxIncomeCents;
  if (facts.taxYear !== undefined) arsFacts.incomeYear = facts.taxYear;

  const rsaFacts: RsaFacts = {};
  if (adults?.length) rsaFacts.adults = adults.map((a) => pick(a.birthDate));
  if (children) rsaFacts.children = children.length;
  if (resources !== undefined) rsaFacts.monthlyResourcesCents = resources;
  if (aspaFirst !== undefined) rsaFacts.aspaMonthlyCents = aspaFirst;
  if (housing) rsaFacts.housing = housing;
  if (housingAidCents !== undefined) rsaFacts.housingAidCents = housingAidCents;
  if (youngest) rsaFacts.youngestChildBirthDate = youngest;

  const paFacts: PrimeActiviteFacts = primeActiviteFacts(facts, adults, children?.length, on);
  if (housing) paFacts.housing = housing;
  if (housingAidCents !== undefined) paFacts.housingAidCents = housingAidCents;
  if (youngest) paFacts.youngestChildBirthDate = youngest;

  const ceFacts: ChequeEnergieFacts = {};
  if (facts.taxMembers)
    ceFacts.members = facts.taxMembers.map((m) =>
      m.sharedResidence !== undefined ? { sharedResidence: m.sharedResidence } : {},
    );
  if (facts.referenceTaxIncomeCents !== undefined)
    ceFacts.referenceTaxIncomeCents = facts.referenceTaxIncomeCents;
  if (facts.taxYear !== undefined) ceFacts.incomeYear = facts.taxYear;
  if (facts.housing) ceFacts.housing = facts.housing;

  return [
    css(cssFacts, on),
    ars(arsFacts, rentreeYearOn(on)),
    rsa(rsaFacts, on),
    primeActivite(paFacts, on),
    aah(aahFacts(facts, adults?.length, children?.length, on), on),
    chequeEnergie(ceFacts, on),
    aspaDecision,
  ];
}

/**
 * The prime d'activité reads each adult's earnings over the 3 months before: declared month by
 * month (the spouse's when shared), else the citizen's own employment situation, a spouse's then
 * unknown. Pensions, unemployment and the benefits paid are "other resources".
 */
function primeActiviteFacts(
  facts: Facts,
  adults: HouseholdMemberFact[] | undefined,
  children: number | undefined,
  on: string,
): PrimeActiviteFacts {
  // Each adult's own AAH: earned income once their earnings reach the L842-8 threshold, else
  // another resource like the other benefits paid.
  const aahTotal = facts.benefitsPaid?.aahCents ?? 0;
  const spouseAah = Math.min(aahTotal, facts.benefitsPaid?.spouseAahCents ?? 0);
  const aahOf = [aahTotal - spouseAah, spouseAah];
  const paid = (benefitsPaidMonthly(facts, on) ?? 0) - aahTotal;
  let aahAsOther = 0;
  const withAah = (earned: number, i: number) => {
    const aah = aahOf[i] ?? 0;
    if (aah > 0 && aahCountsAsEarnings(earned, on) === true) return earned + aah;
    aahAsOther += aah;
    return earned;
  };
  const quarter = adults?.length
    ? adultsOverPeriod(facts, adults.length, monthsBefore(on, 3))
    : undefined;
  if (adults?.length && quarter) {
    const earned = adults.map((_, i) =>
      withAah(Math.round((quarter[i] as PeriodResources).earned / 3), i),
    );
    const out: PrimeActiviteFacts = {
      adults: adults.map((a, i) => {
        const adult: { birthDate?: string; monthlyEarnedIncomeCents?: number } = {};
        if (a.birthDate) adult.birthDate = a.birthDate;
        adult.monthlyEarnedIncomeCents = earned[i] as number;
        return adult;
      }),
    };
    if (children !== undefined) out.children = children;
    out.otherMonthlyResourcesCents =
      Math.round(quarter.reduce((s, r) => s + r.other, 0) / 3) + paid + aahAsOther;
    return out;
  }
  const own = ownIncome(facts);
  const earned = own.earned === undefined ? undefined : withAah(own.earned, 0);
  // A spouse's own AAH (their earnings unknown here) stays another resource.
  if (earned === undefined) aahAsOther += aahOf[0] ?? 0;
  aahAsOther += aahOf[1] ?? 0;
  const other = own.allowance === undefined ? undefined : own.allowance + paid + aahAsOther;
  const out: PrimeActiviteFacts = {};
  if (adults?.length)
    out.adults = adults.map((a) => {
      const adult: { birthDate?: string; monthlyEarnedIncomeCents?: number } = {};
      if (a.birthDate) adult.birthDate = a.birthDate;
      if (a.role === 'applicant' && earned !== undefined) adult.monthlyEarnedIncomeCents = earned;
      return adult;
    });
  if (children !== undefined) out.children = children;
  if (other !== undefined) out.otherMonthlyResourcesCents = other;
  return out;
}

/**
 * The AAH reads the applicant's own resources of year N-2: a single applicant's tax income; for a
 * couple (whose tax income is joint) the applicant's own declared months of the last 12 months.
 */
function aahFacts(
  facts: Facts,
  adults: number | undefined,
  children: number | undefined,
  on: string,
): AahFacts {
  const applicant = facts.members?.find((m) => m.role === 'applicant');
  const d = facts.disability;
  const file = facts.disabilityFile;
  const single = adults === 1;
  const own = single ? undefined : adultsOverPeriod(facts, 1, monthsBefore(on, 12))?.[0];
  const out: AahFacts = {};
  if (applicant?.birthDate) out.birthDate = applicant.birthDate;
  if (d?.incapacityRate !== undefined) out.incapacityRate = d.incapacityRate;
  if (d) {
    out.substantialEmploymentRestriction = d.substantialEmploymentRestriction ?? null;
    if (d.periodStart) out.recognitionStart = d.periodStart;
    out.recognitionEnd = d.periodEnd ?? null;
  }
  if (file)
    out.aahFile = {
      statedOn: file.statedOn,
      decisionInForce: file.aahDecisionInForce,
      requestPending: file.aahRequestPending,
    };
  if (single && facts.referenceTaxIncomeCents !== undefined)
    out.annualResourcesCents = facts.referenceTaxIncomeCents;
  if (own) {
    out.annualResourcesCents = own.earned + own.other;
    out.annualEarningsCents = own.earned;
  }
  if (facts.taxYear !== undefined && !own) out.resourcesYear = facts.taxYear;
  if (children !== undefined) out.dependentChildren = children;
  if (adults !== undefined) out.inCouple = adults > 1;
  return out;
}

/**
 * Whether the citizen is recognised unfit for work for the ASPA from 62 (R815-1, L351-8 2°): the
 * pension fund's recognition on or before `on`, or a CDAPH incapacity rate of at least 50 %.
 */
function citizenUnfitForWork(facts: Facts, on: string): boolean {
  if (facts.workUnfitness && facts.workUnfitness.recognisedOn <= on) return true;
  const rate = facts.disability?.incapacityRate;
  const threshold = valueAt(aspaAgeUnfit, on)?.value.incapacityRate;
  return rate !== undefined && threshold !== undefined && rate >= threshold;
}

function pick(birthDate: string | undefined): { birthDate?: string } {
  return birthDate ? { birthDate } : {};
}

/**
 * The decisions worth a new `EntitlementDetermined`: those whose outcome, variant or period
 * differs from the last one. Nothing known before counts as `unknown`, so a citizen whose facts
 * say nothing yet produces no event at all.
 */
export function changedDecisions(profile: Profile, decisions: Decision[]): Decision[] {
  return decisions.filter((d) => {
    const last: LastOutcome | undefined = profile.outcomes[d.benefit];
    if (!last) return d.outcome !== 'unknown';
    return (
      last.outcome !== d.outcome ||
      (last.variant ?? null) !== (d.variant ?? null) ||
      (d.outcome === 'eligible' && last.period !== d.period)
    );
  });
}
