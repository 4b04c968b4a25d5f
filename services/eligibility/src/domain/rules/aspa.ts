// Allocation de solidarité aux personnes âgées (ASPA, minimum vieillesse) — a likely-entitlement
// estimate, not the CNAV's or the MSA's calculation. Sources and simplifications: docs/rules/aspa.md.
//   ASPA (per year) = min(montant maximal, plafond − resources of the household), ≥ 0;
//   single person or couple ceilings; from 65, or from 62 for a person recognised unfit for work
//   or with an incapacity rate of at least 50 % (CSS L815-1, R815-1, L351-8 2°, L815-9, D815-2).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';

export const ASPA_RULE_VERSION = 'aspa-2026.2';

const OF =
  'openfisca-france 176.1.8 prestations_sociales/solidarite_insertion/minimum_vieillesse/aspa/';
const cnav = (from: string, circulaire: string, page: number) =>
  `${circulaire} (legislation.lassuranceretraite.fr), page ${page}; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @${from}`;

/** D815-1, D815-2: yearly maximum and ceiling, single person and couple (equal since 2020). */
export const aspaAmounts = parameter<{ single: number; couple: number }>({
  id: 'aspa.montant_maximum',
  description:
    'Yearly maximum of the ASPA, and the resource ceiling (the same amounts): single person, couple (€ cents / year)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2018-04-01',
      value: { single: 999840, couple: 1552254 },
      source: `CSS D815-1 (pour 2018, 2019 et 2020), Décret 2018-227 du 30/04/2018; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2018-04-01`,
    },
    {
      from: '2019-01-01',
      value: { single: 1041840, couple: 1617459 },
      source: `Décret 2018-227 du 30/04/2018; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2019-01-01`,
    },
    {
      from: '2020-01-01',
      value: { single: 1083840, couple: 1682664 },
      source: `Décret 2018-227 du 30/04/2018; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2020-01-01`,
    },
    {
      from: '2021-01-01',
      value: { single: 1088175, couple: 1689394 },
      source: `Circulaire CNAV 2021/1 du 11/01/2021; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2021-01-01`,
    },
    {
      from: '2022-01-01',
      value: { single: 1100144, couple: 1707977 },
      source: `Circulaire CNAV 2022/3 du 11/01/2022, page 8; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2022-01-01`,
    },
    {
      from: '2022-07-01',
      value: { single: 1144150, couple: 1776296 },
      source: `Loi n° 2022-1158 du 16/08/2022, art. 9; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2022-07-01`,
    },
    {
      from: '2023-01-01',
      value: { single: 1153302, couple: 1790506 },
      source: `Circulaire Cnav 2023/3 du 09/01/2023; ${OF}montant_maximum_annuel/*.yaml and plafond_ressources/*.yaml @2023-01-01`,
    },
    {
      from: '2024-01-01',
      value: { single: 1214427, couple: 1885402 },
      source: cnav('2024-01-01', 'Circulaire Cnav 2023-34 du 29/12/2023', 10),
    },
    {
      from: '2025-01-01',
      value: { single: 1241144, couple: 1926880 },
      source: cnav('2025-01-01', 'Circulaire Cnav 2024-39 du 23/12/2024', 9),
    },
    {
      from: '2026-01-01',
      value: { single: 1252314, couple: 1944221 },
      source: cnav('2026-01-01', 'Circulaire Cnav 2025-29 du 22/12/2025', 8),
    },
  ],
  revalued: {
    on: '01-01',
    basis: 'CSS L815-3, L816-2: revalued each 1 January like pensions (L161-25)',
  },
});

export const aspaAge = parameter<number>({
  id: 'aspa.age_minimum',
  description: 'Minimum age (see aspa.age_inaptitude for a person unfit for work)',
  unit: 'years',
  values: [
    {
      from: '2009-01-01',
      value: 65,
      source: 'CSS L815-1; service-public.fr F16871 (ASPA: “avoir au moins 65 ans”)',
    },
  ],
});

/**
 * R815-1: the minimum age is lowered to the age of L351-1-5 (62) for a person recognised unfit for
 * work (L351-7) or with a permanent incapacity of at least 50 % (L351-8 2°, R351-21).
 */
export const aspaAgeUnfit = parameter<{ age: number; incapacityRate: number }>({
  id: 'aspa.age_inaptitude',
  description:
    'Minimum age for a person recognised unfit for work, and the incapacity rate that opens it too',
  unit: 'years',
  values: [
    {
      from: '2017-01-01',
      value: { age: 62, incapacityRate: 50 },
      source:
        'CSS R815-1, L351-8 2°, L351-7, R351-21 (age of L351-1-5 and D351-1-14: 62, kept by the 2023 reform for the unfit); politiques-sociales.caissedesdepots.fr/DJF/node/1326 (ASPA: “à partir de 62 ans … inapte à tout travail … ou incapacité permanente au moins égale à 50 %”); openfisca-france 176.1.8 aspa_eligibilite (aah/age_legal_retraite.yaml 62, aspa/taux_incapacite_aspa_anticipe.yaml 0.5)',
    },
  ],
});

export interface AspaFacts {
  /**
   * The adults of the household (1 or 2) with their birth dates, and whether each is recognised
   * unfit for work (the pension fund's recognition, or a CDAPH incapacity rate of 50 % or more);
   * absent: not known to be, the ordinary age applies.
   */
  adults?: Array<{ birthDate?: string; unfitForWork?: boolean }>;
  /** Resources of the household over the 12 months before (pensions, earnings…), € cents. */
  annualResourcesCents?: number;
}

export function aspa(facts: AspaFacts, on: string): Decision {
  const amounts = valueAt(aspaAmounts, on);
  const age = valueAt(aspaAge, on);
  const unfitAge = valueAt(aspaAgeUnfit, on);
  const adults =
    facts.adults && facts.adults.length >= 1 && facts.adults.length <= 2 ? facts.adults : undefined;
  const ages = adults?.map((a) => (a.birthDate ? ageOn(a.birthDate, on) : undefined));
  const known = ages?.every((a) => a !== undefined) ? (ages as number[]) : undefined;
  const minimumOf = (i: number) =>
    adults?.[i]?.unfitForWork === true && unfitAge ? unfitAge.value.age : (age?.value ?? 65);
  const aged = known && age ? known.filter((a, i) => a >= minimumOf(i)).length : undefined;
  const unfit = adults?.some((a) => a.unfitForWork === true) === true;
  const couple = adults ? adults.length === 2 : undefined;
  const conditions: Condition[] = [
    check(
      'aspa.age',
      'an adult of the household is 65 or older, or 62 or older and recognised unfit for work (or with an incapacity rate of at least 50 %)',
      unfit
        ? { ages: known?.join(', '), agedAdults: aged, unfitForWork: true }
        : { ages: known?.join(', '), agedAdults: aged },
      unfit ? [age, unfitAge] : [age],
      () => (aged as number) > 0,
    ),
  ];
  let yearly: number | undefined;
  const resources = facts.annualResourcesCents;
  if (amounts && couple !== undefined && aged !== undefined && resources !== undefined) {
    const ceiling = couple ? amounts.value.couple : amounts.value.single;
    // A couple of whom one alone is entitled: the single maximum, within the couple's ceiling.
    const maximum = couple && aged === 2 ? amounts.value.couple : amounts.value.single;
    yearly = Math.max(0, Math.min(maximum, ceiling - resources));
    conditions.push(
      check(
        'aspa.resources-under-ceiling',
        'resources of the household over the last 12 months under the ceiling (single person or couple)',
        { couple, resources, ceiling, estimate: Math.round(yearly / 12) },
        [amounts],
        () => (yearly as number) > 0,
      ),
    );
  } else {
    conditions.push(
      check(
        'aspa.resources-under-ceiling',
        'resources of the household over the last 12 months under the ceiling (single person or couple)',
        { couple, resources },
        [amounts],
        () => false,
      ),
    );
  }
  const outcome = combine(conditions);
  return decided(
    {
      benefit: 'ASPA',
      outcome,
      ruleVersion: ASPA_RULE_VERSION,
      on,
      period: on.slice(0, 4),
    },
    outcome === 'eligible' && yearly !== undefined
      ? { estimatedMonthlyCents: Math.round(yearly / 12) }
      : undefined,
    conditions,
    [
      'Resources are those declared month by month over the last 12 months (the CNAV first reads the last 3, × 4); capital, property other than the main home and the abatement on earnings are not modelled.',
      'From 62 for a person the pension fund recognised unfit for work, or with a CDAPH incapacity rate of at least 50 %; the fund’s medical adviser assesses unfitness when you claim (R351-22), so someone not yet recognised is told 65. A spouse’s unfitness is not known to Relais.',
      'Residence in France (more than 9 months a year) and stay conditions are not checked.',
      'The ASPA paid may be recovered on the estate above a threshold (CSS L815-13, D815-4): worth knowing before claiming.',
    ],
  );
}
