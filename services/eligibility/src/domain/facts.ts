// What Relais may know of a citizen's household, from the events they opened to the purpose
// `proactive-eligibility`. Every field is optional: a missing fact is unknown, not zero.
export interface HouseholdMemberFact {
  role: 'applicant' | 'spouse' | 'child' | 'other-adult';
  birthDate?: string;
  dependent?: boolean;
  /** A child in shared residence (résidence alternée) counts half in some rules. */
  sharedResidence?: boolean;
}

export interface Facts {
  /** Household composition (HouseholdCompositionChanged, IncomeAssessed members). */
  members?: HouseholdMemberFact[];
  /** The tax household (foyer fiscal) as IncomeAssessed lists it. */
  taxMembers?: HouseholdMemberFact[];
  /** Reference tax income of the tax household, euro cents, and its tax year (IncomeAssessed). */
  referenceTaxIncomeCents?: number;
  taxYear?: number;
  /** Tax shares in quarters (10 = 2.5 parts). */
  taxSharesQuarters?: number;
  /** Metropolitan France or an overseas department (AddressChanged's commune code: 97x). */
  territory?: 'metropole' | 'dom';
  /** EMPLOYED, SELF_EMPLOYED, UNEMPLOYED, TRAINING, RETIRED, INACTIVE (EmploymentStatusChanged). */
  employmentStatus?: string;
  /** Net monthly earned income, € cents (EmploymentStatusChanged). */
  monthlyNetIncomeCents?: number;
  /** Registered jobseeker and the allowance paid (JobseekerRegistered). */
  jobseeker?: { compensated: boolean; dailyAllowanceCents?: number };
  /**
   * What the MDPH's file holds about the AAH on a day (DisabilityFileStated): a decision in force,
   * a request pending. Tells "no decision" from "not told".
   */
  disabilityFile?: { statedOn: string; aahDecisionInForce: boolean; aahRequestPending: boolean };
  /** The pension fund recognised the citizen unfit for work (WorkUnfitnessRecognised). */
  workUnfitness?: { recognisedOn: string; basis: string };
  /** The CDAPH's decision (DisabilityRecognitionGranted). */
  disability?: {
    decisionKind: string;
    incapacityRate?: number;
    substantialEmploymentRestriction?: boolean;
    periodStart?: string;
    periodEnd?: string;
  };
  /** The citizen's own school enrolment (SchoolEnrolmentConfirmed is keyed by the pupil). */
  schoolYear?: string;
  /** How the household occupies its home, and the housing aid paid (HousingSituationDeclared). */
  housing?: 'tenant' | 'owner' | 'free';
  housingAidCents?: number;
  /** Benefits the CAF paid for a month (BenefitPaymentsRecorded), € cents. */
  benefitsPaid?: BenefitsPaid;
  /** Monthly resources declared (MonthlyResourcesDeclared): the citizen's, and the spouse's when shared. */
  declaredMonths?: { own: MonthAmounts[]; spouse?: MonthAmounts[] };
}

/** Benefits the CAF paid for a month, € cents; the ASF is part of the family benefits. */
export interface BenefitsPaid {
  month: string;
  familyBenefitsCents: number;
  supportAllowanceCents?: number;
  supportAllowanceChildren?: number;
  aahCents: number;
  /** Of aahCents, the spouse's own AAH (the rest is the citizen's). */
  spouseAahCents?: number;
}

/** Net amounts declared for one month (montant net social), € cents. */
export interface MonthAmounts {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
  earned: number;
  pension: number;
  unemployment: number;
}

let lastDate: string | undefined;
let lastDateYear = 0;

/** Age in whole years on `date` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  // "MM-DD" strings compare like the dates they are. Character codes, not slices: this runs
  // for every adult and child of every rule of every profile of a campaign.
  // The date is most often the same one (the campaign's, the rule's): its year is kept.
  let dateYear: number;
  if (date === lastDate) dateYear = lastDateYear;
  else {
    dateYear = yearOf(date);
    lastDate = date;
    lastDateYear = dateYear;
  }
  const years = dateYear - yearOf(birthDate);
  return monthDayBefore(date, birthDate) ? years - 1 : years;
}

/** `Number(d.slice(0, 4))`, without the slice when the four characters are digits. */
function yearOf(d: string): number {
  let n = 0;
  for (let i = 0; i < 4; i += 1) {
    const c = d.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return Number(d.slice(0, 4));
    n = n * 10 + c;
  }
  return n;
}

/** `a.slice(5, 10) < b.slice(5, 10)`, compared in place (code unit by code unit, as `<` does). */
function monthDayBefore(a: string, b: string): boolean {
  const la = Math.min(a.length, 10);
  const lb = Math.min(b.length, 10);
  for (let i = 5; ; i += 1) {
    const endA = i >= la;
    const endB = i >= lb;
    if (endA || endB) return endA && !endB;
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return ca < cb;
  }
}

/** Territory from an INSEE commune code. */
export function territoryOf(cityCode: string): 'metropole' | 'dom' {
  // 971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte; 975 is
  // Saint-Pierre-et-Miquelon, an overseas collectivity, not a department.
  return /^97[12346]/.test(cityCode) ? 'dom' : 'metropole';
}
