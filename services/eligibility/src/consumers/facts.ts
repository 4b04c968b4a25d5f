// A delivery to Relais (already judged by the router: consent, minimisation, pseudonym) as a fact
// of the citizen's profile. Only the fields of the `relais-eligibility-*` subscriptions arrive.
//
// One entry per contract of the catalog, typed on the generated `ContractName`: a contract either
// has a fact handler or is ignored with its reason, so a new contract without a decision here
// fails to compile.
import type { ContractName, ContractTypes } from '@relais/contracts/generated';
import type { EventId } from '@relais/contracts';
import type { HouseholdMemberFact, MonthAmounts } from '../domain/facts.ts';
import { applyClaim, applyFact, type Profile } from '../domain/profile.ts';

/** What the router delivers: the contract's fields the subscription allows, the others absent. */
export type Delivered<K extends ContractName> = Partial<ContractTypes[K]>;

/** The delivery's CloudEvents time and id: the newer fact wins; the same id changes nothing. */
export interface Stamp {
  time: string;
  eventId: EventId;
}

export type FactHandler<K extends ContractName> = (
  profile: Profile,
  value: Delivered<K>,
  stamp: Stamp,
) => boolean;

/** A contract this service does not read, and why. */
export interface Ignored {
  ignored: string;
}
const ignored = (reason: string): Ignored => ({ ignored: reason });

/** The contracts Relais reads for eligibility (the `relais-eligibility-*` subscriptions). */
export const FACT_CONTRACTS = [
  'fr.gouv.residence.AddressChanged',
  'fr.gouv.family.HouseholdCompositionChanged',
  'fr.gouv.tax.IncomeAssessed',
  'fr.gouv.employment.EmploymentStatusChanged',
  'fr.gouv.employment.JobseekerRegistered',
  'fr.gouv.disability.DisabilityRecognitionGranted',
  'fr.gouv.education.SchoolEnrolmentConfirmed',
  'fr.gouv.benefits.BenefitClaimed',
  'fr.gouv.family.HousingSituationDeclared',
  'fr.gouv.family.BenefitPaymentsRecorded',
  'fr.gouv.pensions.MonthlyResourcesDeclared',
  'fr.gouv.disability.DisabilityFileStated',
  'fr.gouv.pensions.WorkUnfitnessRecognised',
] as const;

export type FactContract = (typeof FACT_CONTRACTS)[number];

/** Every contract: a handler for those of FACT_CONTRACTS, a reason for the others. */
export type FactTable = {
  [K in ContractName]: K extends FactContract ? FactHandler<K> : Ignored;
};

const householdRole: Record<string, HouseholdMemberFact['role']> = {
  APPLICANT: 'applicant',
  SPOUSE: 'spouse',
  CHILD: 'child',
  OTHER_ADULT: 'other-adult',
  DECLARANT: 'applicant',
  SPOUSE_OR_PARTNER: 'spouse',
  DEPENDENT_CHILD: 'child',
  ATTACHED_ADULT_CHILD: 'child',
};

function members(v: unknown): HouseholdMemberFact[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return (v as Array<Record<string, unknown>>).map((m) => ({
    role: householdRole[String(m['role'])] ?? 'other-adult',
    ...(typeof m['birthDate'] === 'string' ? { birthDate: m['birthDate'] } : {}),
    ...(typeof m['dependent'] === 'boolean' ? { dependent: m['dependent'] } : {}),
    ...(typeof m['sharedResidence'] === 'boolean' ? { sharedResidence: m['sharedResidence'] } : {}),
  }));
}

const HOUSING: Record<string, 'tenant' | 'owner' | 'free'> = {
  TENANT: 'tenant',
  OWNER: 'owner',
  HOUSED_FREE: 'free',
};

function monthAmounts(v: unknown): MonthAmounts[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return (v as Array<Record<string, unknown>>).map((m) => ({
    month: String(m['month']),
    earned: num(m['earnedCents']) ?? 0,
    pension: num(m['pensionCents']) ?? 0,
    unemployment: num(m['unemploymentCents']) ?? 0,
  }));
}

// Avro longs may be decoded as bigints.
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;

const opt = <K extends string, T>(k: K, v: T | undefined): Partial<Record<K, T>> =>
  v === undefined ? {} : ({ [k]: v } as Record<K, T>);

const factTable = {
  'fr.gouv.residence.AddressChanged': (profile, value, stamp) =>
    applyFact(profile, 'address', {
      ...stamp,
      value: { cityCode: String(value.cityCode), ...opt('postcode', value.postcode) },
    }),
  'fr.gouv.family.HouseholdCompositionChanged': (profile, value, stamp) =>
    applyFact(profile, 'household', {
      ...stamp,
      value: { members: members(value.members) ?? [] },
    }),
  'fr.gouv.tax.IncomeAssessed': (profile, value, stamp) =>
    applyFact(profile, 'income', {
      ...stamp,
      value: {
        taxYear: num(value.taxYear) ?? 0,
        referenceTaxIncomeCents: num(value.referenceTaxIncomeCents) ?? 0,
        ...opt('taxSharesQuarters', num(value.taxSharesQuarters)),
        ...opt('members', members(value.members)),
      },
    }),
  'fr.gouv.employment.EmploymentStatusChanged': (profile, value, stamp) =>
    applyFact(profile, 'employment', {
      ...stamp,
      value: {
        status: String(value.status),
        ...opt('monthlyNetIncomeCents', num(value.monthlyNetIncomeCents)),
      },
    }),
  'fr.gouv.employment.JobseekerRegistered': (profile, value, stamp) =>
    applyFact(profile, 'jobseeker', {
      ...stamp,
      value: {
        compensated: value.compensated === true,
        ...opt('dailyAllowanceCents', num(value.dailyAllowanceCents)),
      },
    }),
  'fr.gouv.disability.DisabilityRecognitionGranted': (profile, value, stamp) =>
    applyFact(profile, 'disability', {
      ...stamp,
      value: {
        decisionKind: String(value.decisionKind),
        ...opt('incapacityRate', num(value.incapacityRate)),
        ...opt(
          'substantialEmploymentRestriction',
          typeof value.substantialEmploymentRestriction === 'boolean'
            ? value.substantialEmploymentRestriction
            : undefined,
        ),
        ...opt('periodStart', value.periodStart),
        ...opt('periodEnd', value.periodEnd ?? undefined),
      },
    }),
  'fr.gouv.education.SchoolEnrolmentConfirmed': (profile, value, stamp) =>
    applyFact(profile, 'school', {
      ...stamp,
      value: { schoolYear: String(value.schoolYear) },
    }),
  'fr.gouv.benefits.BenefitClaimed': (profile, value) =>
    applyClaim(profile, String(value.benefit), String(value.claimedOn)),
  'fr.gouv.family.HousingSituationDeclared': (profile, value, stamp) =>
    applyFact(profile, 'housing', {
      ...stamp,
      value: {
        situation: HOUSING[String(value.situation)] ?? 'unknown',
        ...opt('housingAidCents', num(value.housingAidMonthlyCents)),
      },
    }),
  'fr.gouv.family.BenefitPaymentsRecorded': (profile, value, stamp) =>
    applyFact(profile, 'benefitsPaid', {
      ...stamp,
      value: {
        month: String(value.month),
        familyBenefitsCents: num(value.familyBenefitsCents) ?? 0,
        ...opt('supportAllowanceCents', num(value.supportAllowanceCents)),
        ...opt('supportAllowanceChildren', num(value.supportAllowanceChildren)),
        aahCents: num(value.aahCents) ?? 0,
        ...opt('spouseAahCents', num(value.spouseAahCents)),
      },
    }),
  'fr.gouv.pensions.MonthlyResourcesDeclared': (profile, value, stamp) =>
    applyFact(profile, 'resources', {
      ...stamp,
      value: {
        months: monthAmounts(value.months) ?? [],
        ...opt('spouseMonths', monthAmounts(value.spouseMonths)),
      },
    }),
  'fr.gouv.disability.DisabilityFileStated': (profile, value, stamp) =>
    applyFact(profile, 'disabilityFile', {
      ...stamp,
      value: {
        statedOn: String(value.statedOn),
        aahDecisionInForce: value.aahDecisionInForce === true,
        aahRequestPending: value.aahRequestPending === true,
      },
    }),
  'fr.gouv.pensions.WorkUnfitnessRecognised': (profile, value, stamp) =>
    applyFact(profile, 'workUnfitness', {
      ...stamp,
      value: { recognisedOn: String(value.recognisedOn), basis: String(value.basis) },
    }),

  'fr.gouv.civilstatus.BirthDeclared': ignored(
    'no relais-eligibility subscription (never delivered): the household composition says who the children are',
  ),
  'fr.gouv.civilstatus.CivilUnionRegistered': ignored(
    'no relais-eligibility subscription (never delivered): the household composition says who the spouse is',
  ),
  'fr.gouv.civilstatus.DeathDeclared': ignored(
    'no relais-eligibility subscription (never delivered): no rule reads it',
  ),
  'fr.gouv.relais.AccessRecorded': ignored("Relais' own access log, never delivered as a fact"),
  'fr.gouv.relais.ConsentGranted': ignored('consents are read from relais.consents (consent.ts)'),
  'fr.gouv.relais.ConsentRevoked': ignored('consents are read from relais.consents (consent.ts)'),
  'fr.gouv.relais.EntitlementDetermined': ignored('what this service publishes'),
  'fr.gouv.relais.EntitlementNoticeIssued': ignored("the notifier's record of what it sent"),
  'fr.gouv.relais.RoutingDecided': ignored("the router's record for operators, never delivered"),
  'fr.gouv.relais.OperatorActed': ignored("the operators' journal, never delivered"),
  'fr.gouv.relais.MandatesChanged': ignored(
    "citizens' mandates to France Services, never delivered",
  ),
  'fr.gouv.relais.AgentActed': ignored("the counter agents' journal, never delivered"),
} satisfies FactTable;

const isContract = (type: string): type is ContractName => Object.hasOwn(factTable, type);

/**
 * Applies one delivered event to the profile; true when it changed something. A contract without
 * a fact handler changes nothing, nor does one unknown to this build (a new subscription reaches
 * Relais before its code does).
 */
export function applyEvent(
  profile: Profile,
  type: string,
  value: Record<string, unknown>,
  stamp: Stamp,
): boolean {
  if (!isContract(type)) return false;
  const entry: FactTable[ContractName] = factTable[type];
  if (typeof entry !== 'function') return false;
  // The value was decoded with the contract's schema (its projection): it has the contract's type.
  return (entry as FactHandler<FactContract>)(profile, value as Delivered<FactContract>, stamp);
}

/** Why a contract is not read, or undefined when it is (for documentation and tests). */
export function ignoredBecause(type: ContractName): string | undefined {
  const entry: FactTable[ContractName] = factTable[type];
  return typeof entry === 'function' ? undefined : entry.ignored;
}
