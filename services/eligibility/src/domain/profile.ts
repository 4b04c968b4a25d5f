// A citizen's profile: the latest fact of each kind, by event time, from the events the citizen
// opened to the purpose `proactive-eligibility`. Applying the same event twice changes nothing
// (idempotent by event id); an event older than the fact already known is ignored (facts arriving
// out of order are resolved by their event time, ties by event id).
import type { ConsentId, EventId } from '@relais/contracts';
import {
  territoryOf,
  type BenefitsPaid,
  type Facts,
  type HouseholdMemberFact,
  type MonthAmounts,
} from './facts.ts';

export interface Stamped<T> {
  value: T;
  /** The event's time (CloudEvents `time`), ISO 8601. */
  time: string;
  eventId: EventId;
}

export interface ProfileFacts {
  address?: Stamped<{ cityCode: string; postcode?: string }>;
  household?: Stamped<{ members: HouseholdMemberFact[] }>;
  income?: Stamped<{
    taxYear: number;
    referenceTaxIncomeCents: number;
    taxSharesQuarters?: number;
    members?: HouseholdMemberFact[];
  }>;
  employment?: Stamped<{ status: string; monthlyNetIncomeCents?: number }>;
  jobseeker?: Stamped<{ compensated: boolean; dailyAllowanceCents?: number }>;
  disability?: Stamped<{
    decisionKind: string;
    incapacityRate?: number;
    substantialEmploymentRestriction?: boolean;
    periodStart?: string;
    periodEnd?: string;
  }>;
  disabilityFile?: Stamped<{
    statedOn: string;
    aahDecisionInForce: boolean;
    aahRequestPending: boolean;
  }>;
  workUnfitness?: Stamped<{ recognisedOn: string; basis: string }>;
  school?: Stamped<{ schoolYear: string }>;
  housing?: Stamped<{
    situation: 'tenant' | 'owner' | 'free' | 'unknown';
    housingAidCents?: number;
  }>;
  benefitsPaid?: Stamped<BenefitsPaid>;
  resources?: Stamped<{ months: MonthAmounts[]; spouseMonths?: MonthAmounts[] }>;
}

export type FactKind = keyof ProfileFacts;

/** What Relais last determined for a benefit: a new determination only when it changes. */
export interface LastOutcome {
  outcome: string;
  variant?: string;
  period: string;
  decisionId: string;
}

export interface Profile {
  facts: ProfileFacts;
  /** The consent under which the latest fact was opened to Relais (named in determinations). */
  consentId?: ConsentId;
  /** Benefits the citizen already claimed (BenefitClaimed), with the claim date. */
  claimed: Record<string, string>;
  outcomes: Record<string, LastOutcome>;
}

export const emptyProfile = (): Profile => ({ facts: {}, claimed: {}, outcomes: {} });

/** Newer by event time, ties broken by event id: the same on every replay. */
function isNewer(candidate: Stamped<unknown>, current: Stamped<unknown> | undefined): boolean {
  if (!current) return true;
  const a = Date.parse(candidate.time);
  const b = Date.parse(current.time);
  return a !== b ? a > b : candidate.eventId > current.eventId;
}

/** Whether this event is the one a fact of the profile stands on (a redelivery). */
export function hasApplied(profile: Profile, eventId: EventId): boolean {
  return Object.values(profile.facts).some((f) => f?.eventId === eventId);
}

export function applyFact<K extends FactKind>(
  profile: Profile,
  kind: K,
  fact: NonNullable<ProfileFacts[K]>,
): boolean {
  const current = profile.facts[kind];
  if (current?.eventId === fact.eventId) return false;
  if (!isNewer(fact, current)) return false;
  profile.facts[kind] = fact;
  return true;
}

export function applyClaim(profile: Profile, benefit: string, claimedOn: string): boolean {
  const current = profile.claimed[benefit];
  if (current !== undefined && current >= claimedOn) return false;
  profile.claimed[benefit] = claimedOn;
  return true;
}

/** The facts the rules read, from the profile: a fact Relais was not told stays undefined. */
export function factsOf(profile: Profile): Facts {
  // Built by assignment (a campaign does this for every profile), keys in the order they had.
  const f = profile.facts;
  const out: Facts = {};
  const members = f.household?.value.members ?? f.income?.value.members;
  if (members) out.members = members;
  const income = f.income?.value;
  if (income?.members) out.taxMembers = income.members;
  if (income) {
    out.referenceTaxIncomeCents = income.referenceTaxIncomeCents;
    out.taxYear = income.taxYear;
    if (income.taxSharesQuarters !== undefined) out.taxSharesQuarters = income.taxSharesQuarters;
  }
  if (f.address) out.territory = territoryOf(f.address.value.cityCode);
  const employment = f.employment?.value;
  if (employment) out.employmentStatus = employment.status;
  if (employment?.monthlyNetIncomeCents !== undefined)
    out.monthlyNetIncomeCents = employment.monthlyNetIncomeCents;
  const jobseeker = f.jobseeker?.value;
  if (jobseeker)
    out.jobseeker =
      jobseeker.dailyAllowanceCents !== undefined
        ? { compensated: jobseeker.compensated, dailyAllowanceCents: jobseeker.dailyAllowanceCents }
        : { compensated: jobseeker.compensated };
  if (f.disability) out.disability = f.disability.value;
  if (f.disabilityFile) out.disabilityFile = f.disabilityFile.value;
  if (f.workUnfitness) out.workUnfitness = f.workUnfitness.value;
  if (f.school) out.schoolYear = f.school.value.schoolYear;
  const housing = f.housing?.value;
  if (housing && housing.situation !== 'unknown') {
    out.housing = housing.situation;
    out.housingAidCents = housing.housingAidCents ?? 0;
  }
  if (f.benefitsPaid) out.benefitsPaid = f.benefitsPaid.value;
  const resources = f.resources?.value;
  if (resources)
    out.declaredMonths = resources.spouseMonths
      ? { own: resources.months, spouse: resources.spouseMonths }
      : { own: resources.months };
  return out;
}
