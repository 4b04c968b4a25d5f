// What Relais may know of a generated household — the events the agencies publish about the
// applicant, under their consent — applied to a profile through the service's own fact table,
// then every rule evaluated on the day.
import { asEventId } from '@relais/contracts';
import { applyEvent } from '../../services/eligibility/src/consumers/facts.ts';
import {
  emptyProfile,
  evaluateAll,
  factsOf,
  monthsBefore,
  type Decision,
} from '../../services/eligibility/src/domain/index.ts';
import type { Household, Person } from './population.ts';
import type { Reference } from './report.ts';

const cents = (euros: number) => Math.round(euros * 100);
const DAYS_PER_MONTH = 30.4375;

function status(p: Person): string {
  if (p.salary > 0) return 'EMPLOYED';
  if (p.unemployment > 0) return 'UNEMPLOYED';
  if (p.pension > 0) return 'RETIRED';
  return 'INACTIVE';
}

const ROLE = { applicant: 'APPLICANT', spouse: 'SPOUSE', child: 'CHILD' } as const;
const TAX_ROLE = { applicant: 'DECLARANT', spouse: 'SPOUSE_OR_PARTNER', child: 'DEPENDENT_CHILD' };

/** The agencies' events about the applicant, as the router delivers them to Relais. */
export function events(h: Household, ref: Reference, on: string): Array<[string, object]> {
  const me = h.persons[0] as Person;
  const members = h.persons.map((p) => ({
    role: ROLE[p.role],
    birthDate: p.birth,
    ...(p.role === 'child' ? { dependent: true } : {}),
  }));
  const out: Array<[string, object]> = [
    ['fr.gouv.residence.AddressChanged', { cityCode: h.depcom, effectiveDate: '2024-01-01' }],
    ['fr.gouv.family.HouseholdCompositionChanged', { members }],
    [
      'fr.gouv.tax.IncomeAssessed',
      {
        taxYear: Number(on.slice(0, 4)) - 2,
        referenceTaxIncomeCents: cents(ref.rfr),
        members: h.persons.map((p) => ({ role: TAX_ROLE[p.role], birthDate: p.birth })),
      },
    ],
    [
      'fr.gouv.employment.EmploymentStatusChanged',
      {
        status: status(me),
        ...(me.salary > 0 ? { monthlyNetIncomeCents: cents(me.salary) } : {}),
      },
    ],
  ];
  if (me.unemployment > 0)
    out.push([
      'fr.gouv.employment.JobseekerRegistered',
      { compensated: true, dailyAllowanceCents: cents(me.unemployment / DAYS_PER_MONTH) },
    ]);
  if (me.incapacity)
    out.push([
      'fr.gouv.disability.DisabilityRecognitionGranted',
      {
        decisionKind: 'AAH',
        incapacityRate: me.incapacity,
        substantialEmploymentRestriction: me.rsdae === true,
        periodStart: '2024-01-01',
        periodEnd: null,
      },
    ]);
  if (withNewFacts) out.push(...newFacts(h, ref, on));
  return out;
}

/** Whether the spouse also opened their monthly resources to Relais (four couples in five). */
const spouseShares = (h: Household) => Number(h.id.slice(1)) % 5 !== 0;

/**
 * Whether the citizen opened the disability category to Relais, so that the MDPH states its file
 * (four citizens in five, an assumption of this population like the spouse's share above).
 */
export const opensDisabilityFile = (h: Household) => Number(h.id.slice(1)) % 5 !== 1;

const HOUSING = { tenant: 'TENANT', owner: 'OWNER', free: 'HOUSED_FREE' } as const;

/**
 * The facts of issue 14: the CAF's housing situation and benefits paid, the monthly resources
 * (montant net social) of the last 12 months, the spouse's when shared. The reference model's own
 * housing aid and family benefits stand for what the CAF pays.
 */
function newFacts(h: Household, ref: Reference, on: string): Array<[string, object]> {
  const window = monthsBefore(on, 12);
  const months = (p: Person) =>
    window.map((month) => ({
      month,
      earnedCents: cents(p.salary),
      pensionCents: cents(p.pension),
      unemploymentCents: cents(p.unemployment),
    }));
  const spouse = h.persons.find((p) => p.role === 'spouse');
  const out: Array<[string, object]> = [
    [
      'fr.gouv.family.HousingSituationDeclared',
      {
        situation: HOUSING[h.housing],
        housingAidMonthlyCents: ref.housingAid > 0 ? cents(ref.housingAid) : null,
        effectiveDate: '2025-01-01',
      },
    ],
    [
      'fr.gouv.pensions.MonthlyResourcesDeclared',
      {
        months: months(h.persons[0] as Person),
        spouseMonths: spouse && spouseShares(h) ? months(spouse) : null,
      },
    ],
  ];
  if (ref.familyBenefits > 0 || ref.aah + ref.aahSpouse > 0)
    out.push([
      'fr.gouv.family.BenefitPaymentsRecorded',
      {
        month: window.at(-1),
        familyBenefitsCents: cents(ref.familyBenefits),
        supportAllowanceCents: ref.asf > 0 ? cents(ref.asf) : null,
        supportAllowanceChildren: ref.asf > 0 ? ref.asfChildren : null,
        aahCents: ref.aah + ref.aahSpouse > 0 ? cents(ref.aah + ref.aahSpouse) : null,
        spouseAahCents: ref.aahSpouse > 0 ? cents(ref.aahSpouse) : null,
      },
    ]);
  const me = h.persons[0] as Person;
  // The MDPH's file: the population gives a CDAPH decision to everyone it gives a rate (no request
  // is pending); a citizen without a rate has no decision.
  if (opensDisabilityFile(h))
    out.push([
      'fr.gouv.disability.DisabilityFileStated',
      {
        statedOn: `${on.slice(0, 7)}-01`,
        aahDecisionInForce: me.incapacity !== undefined,
        aahRequestPending: false,
      },
    ]);
  if (me.unfit)
    out.push([
      'fr.gouv.pensions.WorkUnfitnessRecognised',
      { recognisedOn: '2025-01-01', basis: 'MEDICAL_ADVISER' },
    ]);
  return out;
}

/** Set by --before: only the facts Relais had before issue 14. */
let withNewFacts = true;
export const onlyFactsBeforeIssue14 = () => void (withNewFacts = false);

export function relaisDecisions(h: Household, ref: Reference, on: string): Decision[] {
  const profile = emptyProfile();
  events(h, ref, on).forEach(([type, value], i) =>
    applyEvent(profile, type, value as Record<string, unknown>, {
      time: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`,
      eventId: asEventId(`${h.id}-${i}`),
    }),
  );
  return evaluateAll(factsOf(profile), on);
}
