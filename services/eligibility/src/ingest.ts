// A delivery to Relais (already judged by the router: consent, minimisation, pseudonym) as a fact
// of the citizen's profile. Only the fields of the `relais-eligibility-*` subscriptions arrive.
import type { HouseholdMemberFact } from './domain/facts.ts';
import { applyClaim, applyFact, type Profile } from './domain/profile.ts';

type Value = Record<string, unknown>;

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
  return (v as Value[]).map((m) => ({
    role: householdRole[String(m['role'])] ?? 'other-adult',
    ...(typeof m['birthDate'] === 'string' ? { birthDate: m['birthDate'] } : {}),
    ...(typeof m['dependent'] === 'boolean' ? { dependent: m['dependent'] } : {}),
    ...(typeof m['sharedResidence'] === 'boolean' ? { sharedResidence: m['sharedResidence'] } : {}),
  }));
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;

const opt = <K extends string, T>(k: K, v: T | undefined): Partial<Record<K, T>> =>
  v === undefined ? {} : ({ [k]: v } as Record<K, T>);

/** The contracts Relais reads for eligibility. */
export const FACT_CONTRACTS = [
  'fr.gouv.residence.AddressChanged',
  'fr.gouv.family.HouseholdCompositionChanged',
  'fr.gouv.tax.IncomeAssessed',
  'fr.gouv.employment.EmploymentStatusChanged',
  'fr.gouv.employment.JobseekerRegistered',
  'fr.gouv.disability.DisabilityRecognitionGranted',
  'fr.gouv.education.SchoolEnrolmentConfirmed',
  'fr.gouv.benefits.BenefitClaimed',
] as const;

/**
 * Applies one delivered event to the profile; true when it changed something. Unknown contracts
 * change nothing (a new subscription reaches Relais before its code does).
 */
export function applyEvent(
  profile: Profile,
  type: string,
  value: Value,
  stamp: { time: string; eventId: string },
): boolean {
  switch (type) {
    case 'fr.gouv.residence.AddressChanged':
      return applyFact(profile, 'address', {
        ...stamp,
        value: {
          cityCode: String(value['cityCode']),
          ...opt('postcode', value['postcode'] as string),
        },
      });
    case 'fr.gouv.family.HouseholdCompositionChanged':
      return applyFact(profile, 'household', {
        ...stamp,
        value: { members: members(value['members']) ?? [] },
      });
    case 'fr.gouv.tax.IncomeAssessed':
      return applyFact(profile, 'income', {
        ...stamp,
        value: {
          taxYear: num(value['taxYear']) ?? 0,
          referenceTaxIncomeCents: num(value['referenceTaxIncomeCents']) ?? 0,
          ...opt('taxSharesQuarters', num(value['taxSharesQuarters'])),
          ...opt('members', members(value['members'])),
        },
      });
    case 'fr.gouv.employment.EmploymentStatusChanged':
      return applyFact(profile, 'employment', {
        ...stamp,
        value: {
          status: String(value['status']),
          ...opt('monthlyNetIncomeCents', num(value['monthlyNetIncomeCents'])),
        },
      });
    case 'fr.gouv.employment.JobseekerRegistered':
      return applyFact(profile, 'jobseeker', {
        ...stamp,
        value: {
          compensated: value['compensated'] === true,
          ...opt('dailyAllowanceCents', num(value['dailyAllowanceCents'])),
        },
      });
    case 'fr.gouv.disability.DisabilityRecognitionGranted':
      return applyFact(profile, 'disability', {
        ...stamp,
        value: {
          decisionKind: String(value['decisionKind']),
          ...opt('incapacityRate', num(value['incapacityRate'])),
          ...opt(
            'substantialEmploymentRestriction',
            typeof value['substantialEmploymentRestriction'] === 'boolean'
              ? value['substantialEmploymentRestriction']
              : undefined,
          ),
          ...opt('periodStart', value['periodStart'] as string | undefined),
          ...opt('periodEnd', (value['periodEnd'] as string | null | undefined) ?? undefined),
        },
      });
    case 'fr.gouv.education.SchoolEnrolmentConfirmed':
      return applyFact(profile, 'school', {
        ...stamp,
        value: { schoolYear: String(value['schoolYear']) },
      });
    case 'fr.gouv.benefits.BenefitClaimed':
      return applyClaim(profile, String(value['benefit']), String(value['claimedOn']));
    default:
      return false;
  }
}
