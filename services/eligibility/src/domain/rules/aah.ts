// Allocation aux adultes handicapés (AAH) — a likely-entitlement estimate for one applicant, not
// the CAF's calculation. Sources, simplifications and the cases reproduced: docs/rules/aah.md.
//   AAH = min(montant maximal, (ceiling − own resources) / 12), ceiling = 12 × montant maximal,
//   + 50 % per dependent child; earnings abated 80 % up to 30 % of the SMIC, 40 % above.
//   Since 1 October 2023 only the applicant's own resources count (CSS L821-1, L821-2, L821-3,
//   D821-1, D821-2, D821-9, R821-1; loi n° 2022-1158 art. 10).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';
import { smicHoraireBrut } from './smic.ts';

export const AAH_RULE_VERSION = 'aah-2026.1';

const OF = 'openfisca-france prestations_sociales/prestations_etat_de_sante/invalidite/aah';

/** A montant read in OpenFisca-France's montant.yaml under its date key, with the text it cites. */
const montantFrom = (from: string, value: number, text: string) => ({
  from,
  value,
  source: `${text}; ${OF}/montant.yaml @${from}`,
});

export const aahMontantMaximal = parameter<number>({
  id: 'aah.montant_maximal',
  description: 'Montant maximal of the AAH, one person at the full rate (€ cents / month)',
  unit: 'EUR-cents',
  values: [
    montantFrom('2014-09-01', 80045, 'Décret 2014-1129 du 3/10/2014, art. 1'),
    montantFrom('2015-09-01', 80765, 'Décret 2015-1233 du 6/10/2015, art. 1'),
    montantFrom('2016-04-01', 80846, 'Décret 2016-535 du 27/04/2016, art. 1'),
    montantFrom('2017-04-01', 81089, 'Décret 2017-710 du 03/05/2017, art. 1'),
    montantFrom('2018-04-01', 81900, 'Décret n° 2018-328, art. 1'),
    montantFrom('2018-11-01', 86000, 'Décret 2018-948 du 31/10/2018, art. 1 et 2'),
    montantFrom('2019-11-01', 90000, 'Décret 2019-1047 du 11/10/2019, art. 1 et 2'),
    montantFrom('2020-04-01', 90270, 'Décret 2020-492 du 29/04/2020, art. 1 et 2'),
    montantFrom('2021-04-01', 90360, 'Décret 2021-527 du 29/04/2021, art. 1'),
    montantFrom('2022-04-01', 91986, 'Décret 2022-700 du 26/04/2022, art. 1'),
    montantFrom('2022-07-01', 95665, 'Loi n° 2022-1158 du 16/08/2022, art. 9, I'),
    montantFrom('2023-04-01', 97137, 'Décret n° 2023-328 du 29 avril 2023'),
    montantFrom('2024-04-01', 101605, 'Décret n° 2024-397 du 29 avril 2024'),
    montantFrom('2025-04-01', 103332, 'Décret n° 2025-297 du 29 mars 2025, art. 1'),
    {
      from: '2026-04-01',
      value: 104159,
      source:
        'Décret n° 2026-229 du 30 mars 2026 (JORF 31/03/2026, JORFTEXT000053734356): 1 033.32 × 1.008, the +0.8 % of Décret n° 2026-222; openfisca-france 176.1.8 aah/montant.yaml @2026-04-01 = 1 041.59',
    },
  ],
  revalued: { on: '04-01', basis: 'CSS L821-3-1: revalued on 1 April (L161-25)' },
});

export const aahCeiling = parameter<{ monthsOfMontant: number; perChild: number }>({
  id: 'aah.plafond',
  description:
    'Annual resource ceiling of one person, in months of the montant maximal, and its increase per dependent child',
  unit: 'ratio',
  values: [
    {
      from: '2005-07-01',
      value: { monthsOfMontant: 12, perChild: 0.5 },
      source: `CSS D821-2; ${OF}/travail_ordinaire/plafond_ressources.yaml @2005-07-01 (12), majoration_plafond/majoration_par_enfant_supplementaire.yaml @2000-01-01 (0.5)`,
    },
  ],
});

/** A couple's ceiling increase: pooled resources until the déconjugalisation (null from then on). */
export const aahCoupleIncrease = parameter<number | null>({
  id: 'aah.majoration_plafond_couple',
  description:
    'Ceiling increase for a couple, whose resources were pooled; none since the déconjugalisation',
  unit: 'ratio',
  values: [
    {
      from: '2000-07-01',
      value: 1,
      source: `${OF}/majoration_plafond/majoration_plafond_couple.yaml @2000-07-01`,
    },
    {
      from: '2018-11-01',
      value: 0.89,
      source: `Décret 2018-948 du 31/10/2018, art. 2; ${OF}/majoration_plafond/majoration_plafond_couple.yaml @2018-11-01`,
    },
    {
      from: '2019-11-01',
      value: 0.81,
      source: `CSS D821-2; Décret 2019-1047 du 11/10/2019; ${OF}/majoration_plafond/majoration_plafond_couple.yaml @2019-11-01`,
    },
    {
      from: '2023-10-01',
      value: null,
      source: `Loi n° 2022-1158 du 16/08/2022, art. 10; Décret 2022-1694 du 28/12/2022, art. 1; ${OF}/majoration_plafond/majoration_plafond_couple.yaml @2023-10-01`,
    },
  ],
});

export const aahIncapacityRates = parameter<{ full: number; withRestriction: number }>({
  id: 'aah.taux_incapacite',
  description:
    'Minimum incapacity rate: without condition, and with a restriction substantielle et durable d’accès à l’emploi (RSDAE)',
  unit: 'ratio',
  values: [
    {
      from: '2000-01-01',
      value: { full: 0.8, withRestriction: 0.5 },
      source: `CSS L821-1, L821-2, D821-1; ${OF}/taux_capacite/taux_incapacite.yaml and taux_incapacite_rsdae.yaml @2000-01-01`,
    },
  ],
});

export const aahMinimumAges = parameter<{ general: number; noLongerDependent: number }>({
  id: 'aah.age_minimal',
  description: 'Minimum age; minimum age once no longer a dependent child for family benefits',
  unit: 'years',
  values: [
    {
      from: '1986-01-01',
      value: { general: 20, noLongerDependent: 16 },
      source: `CSS R821-1; ${OF}/age_minimal.yaml @1986-01-01 (20), travail_ordinaire/plafond_ressources.yaml documentation note (1) (16)`,
    },
  ],
});

/** Under 80 %, the AAH ends at the legal retirement age (L821-2); cohorts differ since 2023. */
export const aahRetirementAge = parameter<number>({
  id: 'aah.age_legal_retraite',
  description:
    'Legal retirement age, end of the AAH granted with a rate under 80 % (lowest cohort value)',
  unit: 'years',
  values: [
    {
      from: '2017-01-01',
      value: 62,
      source: `CSS L821-2, L161-17-2; ${OF}/age_legal_retraite.yaml @2017-01-01`,
    },
  ],
});

export const aahEarningsAbatement = parameter<{ low: number; high: number; smicShare: number }>({
  id: 'aah.abattement_revenus_activite',
  description:
    'Abatement on earnings from work in the ordinary environment: rate up to a share of the SMIC, rate above it, that share',
  unit: 'ratio',
  values: [
    {
      from: '2011-01-01',
      value: { low: 0.8, high: 0.4, smicShare: 0.3 },
      source: `CSS D821-9 (Décret n° 2010-1403 du 12/11/2010, art. 1); ${OF}/travail_ordinaire/abattement_30.yaml, abattement_sup.yaml, tranche_smic.yaml @2011-01-01`,
    },
  ],
});

/** D821-9: the SMIC threshold is "calculé pour 151,67 heures" a month. */
const SMIC_MONTHLY_HOURS = 151.67;

export interface AahFacts {
  birthDate?: string;
  /** Read from 16 to 19 only: false once the person no longer counts as a child for family benefits. */
  dependentChildForFamilyBenefits?: boolean;
  /** Incapacity rate set by the CDAPH, whole percent (DisabilityRecognitionGranted.incapacityRate). */
  incapacityRate?: number;
  /** RSDAE recognised by the CDAPH; null when the commission did not assess it. */
  substantialEmploymentRestriction?: boolean | null;
  /**
   * What the MDPH's file holds on a day (DisabilityFileStated), read when Relais holds no decision:
   * none in force and none pending means the AAH cannot be paid now (CASF L241-6; CSS R821-7).
   */
  aahFile?: { statedOn: string; decisionInForce: boolean; requestPending: boolean };
  /** Period the CDAPH granted the right for; end null when granted without time limit. */
  recognitionStart?: string;
  recognitionEnd?: string | null;
  /** The applicant's own annual resources (net taxable income, pensions included), € cents. */
  annualResourcesCents?: number;
  /** The part of those resources earned by work in the ordinary environment (D821-9 abatement). */
  annualEarningsCents?: number;
  /** Year of those resources: the rule reads year N-2 (assumed when not given). */
  resourcesYear?: number;
  dependentChildren?: number;
  /** Read before 1 October 2023 only, when a couple's resources were pooled. */
  inCouple?: boolean;
}

/** D821-9 abatement on annual earnings (€ cents), with the hourly SMIC (€ cents). */
export function aahAbatement(
  earningsCents: number,
  smicHourlyCents: number,
  a: { low: number; high: number; smicShare: number },
): number {
  const threshold = a.smicShare * smicHourlyCents * SMIC_MONTHLY_HOURS * 12;
  return (
    a.low * Math.min(earningsCents, threshold) + a.high * Math.max(0, earningsCents - threshold)
  );
}

/** The year N-2 of `on` and the resources condition's label naming it, kept for the last date. */
let lastN2: { on: string; year: number; label: string } | undefined;
function yearN2(on: string): { year: number; label: string } {
  if (lastN2?.on !== on) {
    const year = Number(on.slice(0, 4)) - 2;
    lastN2 = {
      on,
      year,
      label: `own resources of ${year}, after the earnings abatement, under the ceiling (12 × the montant maximal, + 50 % per dependent child)`,
    };
  }
  return lastN2;
}

export function aah(facts: AahFacts, on: string): Decision {
  const montant = valueAt(aahMontantMaximal, on);
  const ceilingRule = valueAt(aahCeiling, on);
  const couple = valueAt(aahCoupleIncrease, on);
  const rates = valueAt(aahIncapacityRates, on);
  const ages = valueAt(aahMinimumAges, on);
  const retirement = valueAt(aahRetirementAge, on);
  const abatementRule = valueAt(aahEarningsAbatement, on);
  const smic = valueAt(smicHoraireBrut, on);
  const age = facts.birthDate ? ageOn(facts.birthDate, on) : undefined;
  const rate = facts.incapacityRate;
  const full = Math.round((rates?.value.full ?? 0.8) * 100);
  const partial = Math.round((rates?.value.withRestriction ?? 0.5) * 100);
  const restricted = rate !== undefined && rate >= partial && rate < full;
  const rsdae = facts.substantialEmploymentRestriction;
  // A fact the condition does not need is reported as null; undefined means missing.
  const decisionKnown = facts.recognitionStart !== undefined;
  const file = decisionKnown ? undefined : facts.aahFile;
  // The MDPH states no decision in force and no request pending: the AAH is paid only after the
  // CDAPH decides on a request (CASF L241-6 I 3° a; CSS L821-1, L821-2, R821-7), so not now.
  const noDecision = file !== undefined && !file.decisionInForce && !file.requestPending;
  const conditions: Condition[] = [
    check(
      'aah.cdaph-decision',
      'the MDPH’s commission (CDAPH) has granted the AAH: it is paid only after its decision on a request to the MDPH, from the month after the request',
      decisionKnown
        ? { decisionInForce: true }
        : {
            decisionInForce: file?.decisionInForce,
            requestPending: file?.requestPending,
            statedOn: file?.statedOn,
            // A request awaiting the decision: the AAH may be due from the month after it.
            ...(file?.requestPending ? { decision: undefined } : {}),
          },
      [],
      () => decisionKnown || file?.decisionInForce === true,
    ),
  ];
  if (!noDecision)
    conditions.push(
      check(
        'aah.recognition-period',
        'a CDAPH decision grants the right on this date (from its start, until its end or without time limit)',
        { recognitionStart: facts.recognitionStart, recognitionEnd: facts.recognitionEnd },
        [],
        () =>
          (facts.recognitionStart as string) <= on &&
          (facts.recognitionEnd === null || on <= (facts.recognitionEnd as string)),
      ),
      check(
        'aah.incapacity-rate',
        'incapacity rate of at least 80 %, or 50 % to 79 % with a substantial and lasting restriction of access to employment',
        {
          incapacityRate: rate,
          substantialEmploymentRestriction: restricted ? (rsdae ?? undefined) : (rsdae ?? null),
        },
        [rates],
        () => (rate as number) >= full || (restricted && rsdae === true),
      ),
    );
  conditions.push(
    check(
      'aah.age',
      'aged 20 or over, or 16 to 19 and no longer a dependent child for family benefits',
      {
        age,
        dependentChildForFamilyBenefits:
          age !== undefined &&
          ages &&
          age >= ages.value.noLongerDependent &&
          age < ages.value.general
            ? facts.dependentChildForFamilyBenefits
            : (facts.dependentChildForFamilyBenefits ?? null),
      },
      [ages],
      () =>
        (age as number) >= (ages?.value.general ?? 20) ||
        ((age as number) >= (ages?.value.noLongerDependent ?? 16) &&
          facts.dependentChildForFamilyBenefits === false),
    ),
  );
  if (restricted)
    conditions.push(
      check(
        'aah.under-retirement-age',
        'with a rate under 80 %, under the legal retirement age (62; later for some birth cohorts, not modelled)',
        {
          age,
          // From 62 the retirement age depends on the birth cohort: unknown, not refused.
          retirementAge:
            age !== undefined && retirement && age < retirement.value
              ? retirement.value
              : undefined,
        },
        [retirement],
        () => (age as number) < (retirement?.value ?? 62),
      ),
    );
  if (couple && couple.value !== null)
    conditions.push(
      check(
        'aah.single-applicant',
        'before 1 October 2023 a couple’s resources were pooled: this estimate covers a single applicant only',
        { inCouple: facts.inCouple, spouseResources: facts.inCouple === true ? undefined : null },
        [couple],
        () => facts.inCouple === false,
      ),
    );

  const caveats = [
    'Resources are the applicant’s own annual net taxable income of year N-2; for someone working in the ordinary environment the CAF uses quarterly declared earnings instead.',
    'Pensions and rentes (invalidité, retraite, accident du travail) count in full and reduce the AAH; Relais only counts the resources it holds.',
    'The earnings abatement uses the SMIC in force on the date, as OpenFisca-France does; D821-9 takes the one at the end of the reference period.',
    'ESAT earnings, the reduction after 60 days in hospital, prison or a MAS, the majoration pour la vie autonome and Mayotte’s amounts are not estimated.',
    'Couples already paid in September 2023 may keep the pooled calculation when more favourable; that option is not estimated.',
    'Residence, nationality and stay conditions are not checked.',
  ];
  if (noDecision)
    caveats.unshift(
      'The MDPH states no decision granting the AAH and no request pending: the AAH cannot be paid before its commission (CDAPH) decides. If a disability limits your daily life or your work, apply to the MDPH of your département (form cerfa 15692 with a medical certificate, cerfa 15695): the AAH would be due from the month after your request. Relais never infers a disability from other facts.',
    );
  const n2 = yearN2(on);
  const yearOk = facts.resourcesYear === undefined || facts.resourcesYear === n2.year;
  const resources = facts.annualResourcesCents;
  const children = facts.dependentChildren;
  let amount: number | undefined;
  const ceiling =
    montant && ceilingRule && children !== undefined
      ? montant.value *
        ceilingRule.value.monthsOfMontant *
        (1 + ceilingRule.value.perChild * children)
      : undefined;
  let countable: number | undefined;
  let earningsFact: number | null | undefined = facts.annualEarningsCents;
  if (resources !== undefined && ceiling !== undefined && abatementRule && smic) {
    const abate = (e: number) =>
      aahAbatement(Math.min(e, resources), smic.value, abatementRule.value);
    countable = Math.round(resources - abate(facts.annualEarningsCents ?? 0));
    if (facts.annualEarningsCents === undefined) {
      // Unknown earnings: without the abatement the estimate is a floor; the answer is only
      // unknown when abating all of the resources as earnings could bring them under the ceiling.
      const best = resources - abate(resources);
      earningsFact = countable < ceiling || best >= ceiling ? null : undefined;
      if (countable < ceiling)
        caveats.push('Earnings not known: no abatement applied, so the estimate is a minimum.');
    }
    if (countable < ceiling && montant)
      amount = Math.min(montant.value, Math.round((ceiling - countable) / 12));
  }
  conditions.push(
    check(
      'aah.resources-under-ceiling',
      n2.label,
      {
        resources,
        resourcesYear: yearOk ? (facts.resourcesYear ?? n2.year) : undefined,
        earnings: earningsFact,
        dependentChildren: children,
        countable,
        ceiling: ceiling === undefined ? undefined : Math.round(ceiling),
        // No amount is shown without a decision: it would read as a promise.
        estimate: noDecision ? null : (amount ?? (countable === undefined ? undefined : 0)),
      },
      [montant, ceilingRule, abatementRule, smic],
      () => (countable as number) < (ceiling as number),
    ),
  );
  const outcome = combine(conditions);
  return decided(
    {
      benefit: 'AAH',
      outcome,
      ruleVersion: AAH_RULE_VERSION,
      on,
      period: on.slice(0, 4),
    },
    outcome === 'eligible' && amount !== undefined ? { estimatedMonthlyCents: amount } : undefined,
    conditions,
    caveats,
  );
}
