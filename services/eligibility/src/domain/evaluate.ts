// Every rule on a citizen's facts, for one date: each rule receives only the facts it declares,
// translated from what Relais knows. A fact Relais was not told stays undefined, so the rule says
// `unknown` rather than guessing.
import type { Decision } from './decision.ts';
import type { Facts, HouseholdMemberFact } from './facts.ts';
import type { LastOutcome, Profile } from './profile.ts';
import { aah } from './rules/aah.ts';
import { ars } from './rules/ars.ts';
import { chequeEnergie } from './rules/cheque-energie.ts';
import { css } from './rules/css.ts';
import { primeActivite } from './rules/prime-activite.ts';
import { rsa } from './rules/rsa.ts';

export const BENEFITS = ['CSS', 'ARS', 'RSA', 'PRIME_ACTIVITE', 'AAH', 'CHEQUE_ENERGIE'] as const;

const isAdult = (m: HouseholdMemberFact) => m.role === 'applicant' || m.role === 'spouse';
const isChild = (m: HouseholdMemberFact) => m.role === 'child' && m.dependent !== false;

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
  return {
    ...(earned !== undefined ? { earned } : {}),
    ...(allowance !== undefined ? { allowance } : {}),
  };
}

/**
 * The foyer's monthly resources, when Relais can know them: the citizen's earnings plus the
 * unemployment allowance. Undefined for a couple (the spouse's income is not shared with Relais)
 * or when either part is unknown.
 */
export function monthlyResources(facts: Facts): number | undefined {
  const adults = facts.members?.filter(isAdult).length ?? 1;
  if (adults > 1) return undefined;
  const { earned, allowance } = ownIncome(facts);
  return earned === undefined || allowance === undefined ? undefined : earned + allowance;
}

/** The rentrée whose ARS is open on `on`: from July, this year's; before, last year's. */
export const rentreeYearOn = (on: string): number =>
  Number(on.slice(0, 4)) - (Number(on.slice(5, 7)) >= 7 ? 0 : 1);

export function evaluateAll(facts: Facts, on: string): Decision[] {
  const members = facts.members;
  const adults = members?.filter(isAdult);
  const children = members?.filter(isChild);
  const resources = monthlyResources(facts);
  return [
    css(
      {
        ...(members ? { members: members.map((m) => ({ ...pick(m.birthDate) })) } : {}),
        ...(facts.referenceTaxIncomeCents !== undefined
          ? { annualResourcesCents: facts.referenceTaxIncomeCents }
          : {}),
        ...(facts.territory ? { territory: facts.territory } : {}),
      },
      on,
    ),
    ars(
      {
        ...(children ? { children: children.map((c) => pick(c.birthDate)) } : {}),
        ...(facts.referenceTaxIncomeCents !== undefined
          ? { annualIncomeCents: facts.referenceTaxIncomeCents }
          : {}),
        ...(facts.taxYear !== undefined ? { incomeYear: facts.taxYear } : {}),
      },
      rentreeYearOn(on),
    ),
    rsa(
      {
        ...(adults?.length ? { adults: adults.map((a) => pick(a.birthDate)) } : {}),
        ...(children ? { children: children.length } : {}),
        ...(resources !== undefined ? { monthlyResourcesCents: resources } : {}),
      },
      on,
    ),
    primeActivite(primeActiviteFacts(facts, adults, children?.length), on),
    aah(aahFacts(facts, adults?.length, children?.length), on),
    chequeEnergie(
      {
        ...(facts.taxMembers
          ? {
              members: facts.taxMembers.map((m) =>
                m.sharedResidence !== undefined ? { sharedResidence: m.sharedResidence } : {},
              ),
            }
          : {}),
        ...(facts.referenceTaxIncomeCents !== undefined
          ? { referenceTaxIncomeCents: facts.referenceTaxIncomeCents }
          : {}),
        ...(facts.taxYear !== undefined ? { incomeYear: facts.taxYear } : {}),
      },
      on,
    ),
  ];
}

/**
 * The prime d'activité reads each adult's earnings: Relais knows the citizen's own (their
 * employment situation); a spouse's stay unknown. The unemployment allowance is "other resources".
 */
function primeActiviteFacts(
  facts: Facts,
  adults: HouseholdMemberFact[] | undefined,
  children: number | undefined,
) {
  const { earned, allowance: other } = ownIncome(facts);
  return {
    ...(adults?.length
      ? {
          adults: adults.map((a) => ({
            ...pick(a.birthDate),
            ...(a.role === 'applicant' && earned !== undefined
              ? { monthlyEarnedIncomeCents: earned }
              : {}),
          })),
        }
      : {}),
    ...(children !== undefined ? { children } : {}),
    ...(other !== undefined ? { otherMonthlyResourcesCents: other } : {}),
  };
}

/** The AAH reads the applicant's own resources: for a couple, the tax household's are not. */
function aahFacts(facts: Facts, adults: number | undefined, children: number | undefined) {
  const applicant = facts.members?.find((m) => m.role === 'applicant');
  const d = facts.disability;
  const single = adults === 1;
  return {
    ...pick(applicant?.birthDate),
    ...(d?.incapacityRate !== undefined ? { incapacityRate: d.incapacityRate } : {}),
    ...(d
      ? {
          substantialEmploymentRestriction: d.substantialEmploymentRestriction ?? null,
          ...(d.periodStart ? { recognitionStart: d.periodStart } : {}),
          recognitionEnd: d.periodEnd ?? null,
        }
      : {}),
    ...(single && facts.referenceTaxIncomeCents !== undefined
      ? { annualResourcesCents: facts.referenceTaxIncomeCents }
      : {}),
    ...(facts.taxYear !== undefined ? { resourcesYear: facts.taxYear } : {}),
    ...(children !== undefined ? { dependentChildren: children } : {}),
    ...(adults !== undefined ? { inCouple: adults > 1 } : {}),
  };
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
