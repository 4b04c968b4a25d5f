// Prime d'activité — a likely-entitlement estimate, not the CAF's calculation. Sources and
// simplifications: docs/rules/prime-activite.md (CSS L842-3, D843-1 to D843-3).
//   PA = montant forfaitaire(foyer) + share × Σ earned income + Σ bonification(each worker)
//        − max(montant forfaitaire(foyer), earned income + other resources + forfait logement),
//   nothing paid under 15 €. The household coefficient is the RSA's (D843-1 = CASF R262-1).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';
import { smicHoraireBrut } from './smic.ts';
import {
  forfaitLogement,
  householdCoefficient,
  isolatedParentCoefficient,
  type Housing,
} from './rsa.ts';

export const PRIME_ACTIVITE_RULE_VERSION = 'prime-activite-2026.3';

const OF = 'openfisca-france prestations_sociales/solidarite_insertion/minima_sociaux/ppa/';

export const montantForfaitaire = parameter<number>({
  id: 'prime-activite.montant_forfaitaire',
  description: "Montant forfaitaire de la prime d'activité, personne seule (€ cents / month)",
  unit: 'EUR-cents',
  values: [
    {
      from: '2016-01-01',
      value: 52416,
      source: `Décret 2015-1710 du 21/12/2015, art. 1; ${OF}pa_m/montant_de_base.yaml @2016-01-01`,
    },
    {
      from: '2016-04-01',
      value: 52468,
      source: `Décret 2016-536 du 27/04/2016, art. 1; ${OF}pa_m/montant_de_base.yaml @2016-04-01`,
    },
    {
      from: '2017-04-01',
      value: 52625,
      source: `Décret 2017-740 du 04/05/2017, art. 1; ${OF}pa_m/montant_de_base.yaml @2017-04-01`,
    },
    {
      from: '2018-04-01',
      value: 53151,
      source: `Décret 2018-323 du 03/05/2018, art. 1; ${OF}pa_m/montant_de_base.yaml @2018-04-01`,
    },
    {
      from: '2018-08-01',
      value: 55151,
      source: `Décret 2018-836 du 03/10/2018, art. 1; ${OF}pa_m/montant_de_base.yaml @2018-08-01`,
    },
    {
      from: '2020-04-01',
      value: 55316,
      source: `Décret 2020-491 du 29/04/2020, art. 1; ${OF}pa_m/montant_de_base.yaml @2020-04-01`,
    },
    {
      from: '2021-04-01',
      value: 55371,
      source: `Décret 2021-528 du 29/04/2021, art. 1; ${OF}pa_m/montant_de_base.yaml @2021-04-01`,
    },
    {
      from: '2022-04-01',
      value: 56368,
      source: `Décret 2022-701 du 26/04/2022, art. 1; ${OF}pa_m/montant_de_base.yaml @2022-04-01`,
    },
    {
      from: '2022-07-01',
      value: 58623,
      source: `Loi n° 2022-1158 du 16/08/2022, art. 9; ${OF}pa_m/montant_de_base.yaml @2022-07-01`,
    },
    { from: '2023-04-01', value: 59525, source: 'Décret n° 2023-343 du 4 mai 2023, art. 1' },
    { from: '2024-04-01', value: 62263, source: 'Décret n° 2024-403 du 1er mai 2024, art. 1' },
    { from: '2025-04-01', value: 63321, source: 'Décret n° 2025-294 du 29 mars 2025, art. 1' },
    {
      from: '2026-04-01',
      value: 63828,
      source: `Décret n° 2026-222 du 30 mars 2026, art. 2 (JORF 31/03/2026); ${OF}pa_m/montant_de_base.yaml @2026-04-01`,
    },
  ],
  revalued: { on: '04-01', basis: 'CSS L842-3: revalued on 1 April (L161-25)' },
});

/** D843-3: the share of the foyer's earned income added to the montant forfaitaire ("pente"). */
export const earnedIncomeShare = parameter<number>({
  id: 'prime-activite.part_revenus_activite',
  description: 'Share of the earned income of the foyer added to the montant forfaitaire',
  unit: 'ratio',
  values: [
    {
      from: '2016-01-01',
      value: 0.62,
      source: `CSS D843-3 (Décret 2015-1710); ${OF}pa_m/majoration_ressources_revenus_activite.yaml @2016-01-01`,
    },
    {
      from: '2018-08-01',
      value: 0.61,
      source: `Décret 2018-836 du 03/10/2018, art. 2; ${OF}pa_m/majoration_ressources_revenus_activite.yaml @2018-08-01`,
    },
    {
      from: '2025-04-01',
      value: 0.5985,
      source: 'Décret n° 2025-292 du 29 mars 2025 (CSS D843-3)',
    },
  ],
});

/** D843-2: bonification per worker, nil up to `lower` × SMIC hourly, linear up to `upper` × SMIC
 * hourly, then `maxRate` × the single-person montant forfaitaire. A new scale applies from its date;
 * the April 2026 reform is one (docs/rules/prime-activite.md §2). */
export const bonificationScale = parameter<{ lower: number; upper: number; maxRate: number }>({
  id: 'prime-activite.bonification',
  description:
    'Bonification individuelle: thresholds in multiples of the SMIC hourly gross, maximum as a share of the montant forfaitaire',
  unit: 'ratio',
  values: [
    {
      from: '2016-01-01',
      value: { lower: 59, upper: 95, maxRate: 0.12782 },
      source: `CSS D843-2 (Décret 2015-1710); ${OF}pa_m/bonification/seuil_bonification.yaml, seuil_max_bonification.yaml, taux_bonification_max.yaml`,
    },
    {
      from: '2019-01-01',
      value: { lower: 59, upper: 120, maxRate: 0.29101 },
      source: `Décret n° 2018-1197 du 21/12/2018 (earnings from October 2018, rights from January 2019); ${OF}pa_m/bonification/taux_bonification_max.yaml @2019-01-01`,
    },
    {
      from: '2026-04-01',
      value: { lower: 59, upper: 138, maxRate: 0.377 },
      source:
        'CSS D843-2 as reformed from 1 April 2026 (amending decree not identified here): CAF barème at 1 April 2026 as republished (nil up to 709.18 €, maximum 240.63 € from 1 658.76 €, i.e. 59 and 138 × SMIC 12.02, 37.7 % of 638.28), ministère du Travail (maximum about 239 €, full from 1.15 SMIC; single person at 2 032 € net: 56 €)',
    },
  ],
});

/** Forfait logement rates by foyer size (1, 2, 3+), applied to the prime's montant forfaitaire. */
export const forfaitLogementRates = parameter<[number, number, number]>({
  id: 'prime-activite.forfait_logement.taux',
  description: 'Forfait logement: share of the montant forfaitaire for 1, 2 and 3+ persons',
  unit: 'ratio',
  values: [
    {
      from: '2016-01-01',
      value: [0.12, 0.16, 0.165],
      source: `CASF R262-9 as referenced by ${OF}pa_fl/taux_forfait_logement/foyer_1_personne.yaml, foyer_2_personnes.yaml, foyer_3_personnes.yaml`,
    },
  ],
});

export const seuilVersementCents = parameter<number>({
  id: 'prime-activite.seuil_versement',
  description: 'Amount under which nothing is paid (€ cents / month)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2016-01-01',
      value: 1500,
      source: `CSS D843-1 (Décret 2015-1710); ${OF}pa_m/montant_minimum_verse.yaml`,
    },
  ],
});

export const ageMinimum = parameter<number>({
  id: 'prime-activite.age_minimum',
  description: 'Minimum age of the beneficiary',
  unit: 'years',
  values: [{ from: '2016-01-01', value: 18, source: `CSS L842-1; ${OF}pa_cond/age_min.yaml` }],
});

/**
 * L842-8, D843-4: a worker's own AAH counts as earned income once their monthly earnings reach
 * this many hourly SMIC (gross); below, it is another resource.
 */
export const aahAsEarningsThreshold = parameter<number>({
  id: 'prime-activite.seuil_aah_activite',
  description:
    'Monthly earnings, in hourly SMIC (gross), from which the worker’s own AAH counts as earned income',
  unit: 'ratio',
  values: [
    {
      from: '2018-01-01',
      value: 29,
      source: `CSS L842-8, D843-4 (Décret n° 2018-68 du 6 février 2018: 29 × SMIC horaire from 1 January 2018, informations.handicap.fr); ${OF}pa_cond/seuil_aah_activite.yaml`,
    },
  ],
});

/** Whether the worker's own AAH counts as earnings (L842-8); undefined before a threshold exists. */
export function aahCountsAsEarnings(earnedCents: number, on: string): boolean | undefined {
  const threshold = valueAt(aahAsEarningsThreshold, on)?.value;
  const smic = valueAt(smicHoraireBrut, on)?.value;
  return threshold === undefined || smic === undefined
    ? undefined
    : earnedCents >= threshold * smic;
}

export interface PrimeActiviteFacts {
  /** The adults of the foyer (1 or 2), each with their own earned income. */
  adults?: Array<{
    birthDate?: string;
    /** Net earned income (salary, apprentice pay…) per month, € cents, average of the quarter. */
    monthlyEarnedIncomeCents?: number;
  }>;
  /** Number of dependent children. */
  children?: number;
  /** Other resources of the foyer per month (unemployment, pensions, family benefits…), € cents. */
  otherMonthlyResourcesCents?: number;
  housing?: Housing;
  housingAidCents?: number;
  /** The youngest dependent child's birth date (the isolated parent's majoration). */
  youngestChildBirthDate?: string;
}

/** The bonification of one worker on `on`, € cents (not rounded). */
export function bonificationCents(earnedCents: number, on: string): number | undefined {
  const scale = valueAt(bonificationScale, on)?.value;
  const smic = valueAt(smicHoraireBrut, on)?.value;
  const base = valueAt(montantForfaitaire, on)?.value;
  if (!scale || smic === undefined || base === undefined) return undefined;
  const max = Math.round(scale.maxRate * base);
  const [low, high] = [scale.lower * smic, scale.upper * smic];
  return Math.min(max, Math.max(0, (max * (earnedCents - low)) / (high - low)));
}

/** Forfait logement of the foyer (€ cents): 1, 2, or 3 persons' montant forfaitaire × rate. */
export function forfaitLogementCents(persons: number, on: string): number | undefined {
  const base = valueAt(montantForfaitaire, on)?.value;
  const rates = valueAt(forfaitLogementRates, on)?.value;
  if (base === undefined || !rates) return undefined;
  return forfaitLogement(base, rates, persons);
}

/** The last quarter made: a campaign asks for one date's, profile after profile. */
let quarterOf: { on: string; months: readonly string[] } | undefined;

/** First days of the three months before the month of `on`: the reference quarter (frozen). */
export function referenceQuarter(on: string): readonly string[] {
  if (quarterOf?.on === on) return quarterOf.months;
  const [y, m] = on.split('-').map(Number) as [number, number];
  const months = Object.freeze(
    [3, 2, 1].map((back) => {
      const i = y * 12 + m - 1 - back;
      return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
    }),
  );
  quarterOf = { on, months };
  return months;
}

export function primeActivite(facts: PrimeActiviteFacts, on: string): Decision {
  const base = valueAt(montantForfaitaire, on);
  const share = valueAt(earnedIncomeShare, on);
  const scale = valueAt(bonificationScale, on);
  const smic = valueAt(smicHoraireBrut, on);
  const rates = valueAt(forfaitLogementRates, on);
  const seuil = valueAt(seuilVersementCents, on);
  const ageMin = valueAt(ageMinimum, on);
  const adults =
    facts.adults && facts.adults.length >= 1 && facts.adults.length <= 2 ? facts.adults : undefined;
  const children = facts.children;
  // The CAF checks the age month by month over the reference quarter (first day of each month)
  // and averages the three monthly amounts: a month under 18 counts for nothing.
  // A month counts when an adult is of age on its first day; unknown when no adult is known to
  // be and one's age is unknown. Loops, not arrays: this runs for every profile of a campaign.
  let monthsAged: number | undefined = adults && ageMin ? 0 : undefined;
  if (adults && ageMin)
    for (const day of referenceQuarter(on)) {
      let aged = false;
      let unknown = false;
      for (const a of adults) {
        const age = a.birthDate ? ageOn(a.birthDate, day) : undefined;
        if (age === undefined) unknown = true;
        else if (age >= ageMin.value) aged = true;
      }
      if (aged) monthsAged = (monthsAged as number) + 1;
      else if (unknown) {
        monthsAged = undefined;
        break;
      }
    }
  const conditions: Condition[] = [
    check(
      'prime-activite.age',
      'an adult of the foyer is 18 or older in at least one month of the reference quarter (the three months before)',
      { monthsAged18: monthsAged },
      [ageMin],
      () => (monthsAged as number) > 0,
    ),
  ];
  const caveats = [
    'The CAF averages three monthly calculations over the reference quarter; Relais applies one monthly amount of each resource to all three months.',
    'Other resources (unemployment, pensions, family benefits, alimony…) are those Relais was given; capital income and self-employed profits are not modelled.',
    'A worker’s own AAH counts as earned income once their monthly earnings reach 29 hourly SMIC (CSS L842-8, D843-4), as another resource below.',
    'The majoration for isolated parents is applied when the youngest child is under 3; after a recent separation or for a pregnant woman it is not: for them the estimate is a minimum.',
    'Students, apprentices and trainees must earn at least 55 % of 169 hours of SMIC each month of the quarter; this is not checked.',
    'Residence in France (9 months a year) and nationality or stay conditions are not checked; Mayotte has its own amounts and is not estimated.',
  ];
  const earned = adults?.map((a) => a.monthlyEarnedIncomeCents);
  const earnedKnown = earned?.every((e) => e !== undefined) ? (earned as number[]) : undefined;
  let amount: number | undefined;
  if (
    base &&
    share &&
    smic &&
    rates &&
    seuil &&
    adults &&
    earnedKnown &&
    children !== undefined &&
    facts.otherMonthlyResourcesCents !== undefined
  ) {
    const persons = adults.length + children;
    const coefficient =
      isolatedParentCoefficient(adults.length, children, facts.youngestChildBirthDate, on) ??
      householdCoefficient(adults.length, children);
    const mf = base.value * coefficient;
    const totalEarned = earnedKnown.reduce((s, e) => s + e, 0);
    const bonus = earnedKnown.reduce((s, e) => s + (bonificationCents(e, on) ?? 0), 0);
    const forfait = forfaitLogementCents(persons, on) ?? 0;
    // The housing advantage counts as a resource within [lo, hi]: both ends known when the
    // housing situation (and the aid of a tenant receiving one) is known.
    const [lo, hi] =
      facts.housing === 'tenant-without-aid'
        ? [0, 0]
        : facts.housing === 'owner' || facts.housing === 'free'
          ? [forfait, forfait]
          : facts.housing === 'tenant-with-aid' && facts.housingAidCents !== undefined
            ? [Math.min(facts.housingAidCents, forfait), Math.min(facts.housingAidCents, forfait)]
            : [0, forfait];
    const before = mf + share.value * totalEarned + bonus;
    const resources = totalEarned + facts.otherMonthlyResourcesCents;
    const months = (monthsAged ?? 3) / 3;
    const least = Math.max(0, Math.round(months * (before - Math.max(mf, resources + hi))));
    const most = Math.max(0, Math.round(months * (before - Math.max(mf, resources + lo))));
    const decided = least >= seuil.value || most < seuil.value;
    if (lo !== hi)
      caveats.push(
        'Housing situation or housing aid unknown: the forfait logement is deducted, so the estimate is a minimum.',
      );
    amount = least;
    const housingFacts: Condition['facts'] =
      lo === hi
        ? { housing: facts.housing }
        : { housing: decided ? null : undefined, forfaitLogementIfHoused: Math.round(forfait) };
    conditions.push(
      check(
        'prime-activite.amount-above-threshold',
        'montant forfaitaire, share of earned income and bonifications exceed the resources of the foyer (at least the montant forfaitaire) by the payment threshold',
        {
          coefficient,
          earnedIncome: totalEarned,
          bonification: Math.round(bonus),
          otherResources: facts.otherMonthlyResourcesCents,
          forfaitLogement: Math.round(hi),
          ...housingFacts,
          estimate: least,
        },
        [base, share, scale, smic, rates, seuil],
        () => least >= seuil.value,
      ),
    );
  } else {
    conditions.push(
      check(
        'prime-activite.amount-above-threshold',
        'montant forfaitaire, share of earned income and bonifications exceed the resources of the foyer by the payment threshold',
        {
          adults: adults?.length,
          children,
          earnedIncome: earnedKnown?.reduce((s, e) => s + e, 0),
          otherResources: facts.otherMonthlyResourcesCents,
        },
        [base, share, scale, smic, rates, seuil],
        () => false,
      ),
    );
  }
  const outcome = combine(conditions);
  return decided(
    {
      benefit: 'PRIME_ACTIVITE',
      outcome,
      ruleVersion: PRIME_ACTIVITE_RULE_VERSION,
      on,
      period: on.slice(0, 4),
    },
    outcome === 'eligible' && amount !== undefined ? { estimatedMonthlyCents: amount } : undefined,
    conditions,
    caveats,
  );
}
