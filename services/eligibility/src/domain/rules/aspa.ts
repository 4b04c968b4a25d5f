// Allocation de solidarité aux personnes âgées (ASPA, minimum vieillesse) — a likely-entitlement
// estimate, not the CNAV's or the MSA's calculation. Sources and simplifications: docs/rules/aspa.md.
//   ASPA (per year) = min(montant maximal, plafond − resources of the household), ≥ 0;
//   single person or couple ceilings; from 65 (CSS L815-1, L815-9, R815-29, D815-2).
import { check, combine, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';

export const ASPA_RULE_VERSION = 'aspa-2026.1';

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
  description: 'Minimum age (earlier for unfitness or a disability rate of 50 %, not modelled)',
  unit: 'years',
  values: [
    {
      from: '2009-01-01',
      value: 65,
      source: 'CSS L815-1; service-public.fr F16871 (ASPA: “avoir au moins 65 ans”)',
    },
  ],
});

export interface AspaFacts {
  /** The adults of the household (1 or 2) with their birth dates. */
  adults?: Array<{ birthDate?: string }>;
  /** Resources of the household over the 12 months before (pensions, earnings…), € cents. */
  annualResourcesCents?: number;
}

export function aspa(facts: AspaFacts, on: string): Decision {
  const amounts = valueAt(aspaAmounts, on);
  const age = valueAt(aspaAge, on);
  const adults =
    facts.adults && facts.adults.length >= 1 && facts.adults.length <= 2 ? facts.adults : undefined;
  const ages = adults?.map((a) => (a.birthDate ? ageOn(a.birthDate, on) : undefined));
  const known = ages?.every((a) => a !== undefined) ? (ages as number[]) : undefined;
  const aged = known && age ? known.filter((a) => a >= age.value).length : undefined;
  const couple = adults ? adults.length === 2 : undefined;
  const conditions: Condition[] = [
    check(
      'aspa.age',
      'an adult of the household is 65 or older',
      { ages: known?.join(', '), agedAdults: aged },
      [age],
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
  return {
    benefit: 'ASPA',
    outcome,
    ruleVersion: ASPA_RULE_VERSION,
    on,
    period: on.slice(0, 4),
    ...(outcome === 'eligible' && yearly !== undefined
      ? { estimatedMonthlyCents: Math.round(yearly / 12) }
      : {}),
    conditions,
    caveats: [
      'Resources are those declared month by month over the last 12 months (the CNAV first reads the last 3, × 4); capital, property other than the main home and the abatement on earnings are not modelled.',
      'From 62 for a person unfit for work or with a disability rate of at least 50 %: not modelled, the rule says 65.',
      'Residence in France (more than 9 months a year) and stay conditions are not checked.',
      'The ASPA paid may be recovered on the estate above a threshold (CSS L815-13, D815-4): worth knowing before claiming.',
    ],
  };
}
