// Revenu de solidarité active (RSA), socle — a likely-entitlement estimate, not the CAF's
// calculation. Sources and simplifications: docs/rules/rsa.md.
//   RSA = montant forfaitaire(foyer) − resources (3-month average) − forfait logement, ≥ 0,
//   nothing paid under 6 € (CASF L262-2, R262-1, R262-9, R262-10).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';

export const RSA_RULE_VERSION = 'rsa-2026.1';

/** A value read in OpenFisca-France's rsa_m/montant_de_base_du_rsa.yaml, with the decree it cites. */
const montantFrom = (from: string, value: number, decree: string) => ({
  from,
  value,
  source: `${decree}; openfisca-france rsa_m/montant_de_base_du_rsa.yaml @${from}`,
});

export const montantForfaitaire = parameter<number>({
  id: 'rsa.montant_forfaitaire',
  description: 'Montant forfaitaire du RSA, personne seule sans enfant (€ cents / month)',
  unit: 'EUR-cents',
  values: [
    montantFrom('2014-01-01', 49931, 'Décret 2013-1263 du 27/12/2013'),
    montantFrom('2014-09-01', 50930, 'Décret 2014-1127 du 03/10/2014'),
    montantFrom('2015-01-01', 51388, 'Décret 2014-1589 du 23/12/2014'),
    montantFrom('2015-09-01', 52416, 'Décret 2015-1231 du 06/10/2015'),
    montantFrom('2016-04-01', 52468, 'Décret 2016-538 du 27/04/2016'),
    montantFrom('2016-09-01', 53517, 'Décret 2016-1276 du 29/09/2016'),
    montantFrom('2017-04-01', 53678, 'Décret 2017-739 du 04/05/2017'),
    montantFrom('2017-09-01', 54548, 'Décret 2017-739 du 04/05/2017, art. 1'),
    montantFrom('2018-04-01', 55093, 'Décret 2018-324 du 03/05/2018, art. 1'),
    montantFrom('2019-04-01', 55974, 'Décret 2019-400 du 02/05/2019, art. 1'),
    montantFrom('2020-04-01', 56478, 'Décret 2020-490 du 29/04/2020, art. 1'),
    montantFrom('2021-04-01', 56534, 'Décret 2021-530 du 29/04/2021, art. 1'),
    { from: '2022-04-01', value: 57552, source: 'Décret n° 2022-699 du 26 avril 2022' },
    { from: '2022-07-01', value: 59854, source: 'Loi n° 2022-1158 du 16 août 2022, art. 9' },
    { from: '2023-04-01', value: 60775, source: 'Décret n° 2023-340 du 4 mai 2023' },
    { from: '2024-04-01', value: 63571, source: 'Décret n° 2024-396 du 29 avril 2024, art. 1' },
    { from: '2025-04-01', value: 64652, source: 'Décret n° 2025-293 du 29 mars 2025, art. 1' },
    {
      from: '2026-04-01',
      value: 65169,
      source:
        'Décret n° 2026-220 du 30 mars 2026 (JORF 31/03/2026, JORFTEXT000053733826): 646.52 × 1.008, the +0.8 % of Décret n° 2026-222 (openfisca-france ppa/pa_m/montant_de_base.yaml @2026-04-01); openfisca-france 176.1.8 rsa/rsa_m/montant_de_base_du_rsa.yaml @2026-04-01 = 651.69',
    },
  ],
  revalued: { on: '04-01', basis: 'CASF L262-3: revalued on 1 April (CSS L161-25)' },
});

/** Forfait logement rates by foyer size (1, 2, 3+), R262-9 CASF. */
export const forfaitLogementRates = parameter<[number, number, number]>({
  id: 'rsa.forfait_logement.taux',
  description: 'Forfait logement: share of the montant forfaitaire for 1, 2 and 3+ persons',
  unit: 'ratio',
  values: [
    {
      from: '2009-06-01',
      value: [0.12, 0.16, 0.165],
      source: 'CASF R262-9; openfisca-france rsa_fl/forfait_logement/taux_*.yaml',
    },
  ],
});

export const seuilVersementCents = parameter<number>({
  id: 'rsa.seuil_versement',
  description: 'Amount under which nothing is paid (€ cents / month)',
  unit: 'EUR-cents',
  values: [{ from: '2009-06-01', value: 600, source: 'CASF R262-6 (seuil de versement)' }],
});

/**
 * R262-9: the forfait logement, a share of the montant forfaitaire of 1, 2 (× 1.5) or 3 and more
 * persons (× 1.8). The prime d'activité applies the same (D843-1).
 */
export function forfaitLogement(
  base: number,
  [r1, r2, r3]: readonly [number, number, number],
  persons: number,
): number {
  return persons === 1 ? base * r1 : persons === 2 ? base * 1.5 * r2 : base * 1.8 * r3;
}

export type Housing = 'owner' | 'free' | 'tenant-with-aid' | 'tenant-without-aid';

export interface RsaFacts {
  /** Birth dates of the adults of the foyer (1 or 2). */
  adults?: Array<{ birthDate?: string }>;
  /** Number of dependent children. */
  children?: number;
  /** Average monthly resources of the last 3 months, € cents. */
  monthlyResourcesCents?: number;
  housing?: Housing;
  housingAidCents?: number;
  /** The ASPA the foyer is likely entitled to (monthly, € cents): to be claimed first, counted. */
  aspaMonthlyCents?: number;
  /** The youngest dependent child's birth date (the isolated parent's majoration). */
  youngestChildBirthDate?: string;
}

/**
 * L262-9, R262-1 2nd paragraph: an isolated parent whose youngest child is under 3 has a majorated
 * montant forfaitaire, a share of the single-person amount plus a share per child. The prime
 * d'activité applies the same rates (L842-7, D843-1).
 */
export const majorationIsolement = parameter<{
  base: number;
  perChild: number;
  youngestUnder: number;
}>({
  id: 'rsa.majoration_isolement',
  description:
    'Isolated parent with a child under 3: montant forfaitaire as a share of the single amount, plus a share per child',
  unit: 'ratio',
  values: [
    {
      from: '2016-01-01',
      value: { base: 1.28412, perChild: 0.42804, youngestUnder: 3 },
      source:
        'CASF L262-9, R262-1; openfisca-france 176.1.8 rsa/rsa_maj/majoration_isolement_en_base_rsa/femmes_enceintes.yaml, par_enfant_a_charge.yaml @2016-01-01, age_limite_enfant.yaml @2009-06-01; ppa/pa_m/majoration_isolement/*.yaml @2016-01-01 (the same rates)',
    },
  ],
});

/** The majorated coefficient of an isolated parent with a child under 3, or undefined. */
export function isolatedParentCoefficient(
  adults: number,
  children: number,
  youngestChildBirthDate: string | undefined,
  on: string,
): number | undefined {
  const maj = valueAt(majorationIsolement, on)?.value;
  if (!maj || adults !== 1 || children < 1 || !youngestChildBirthDate) return undefined;
  if (ageOn(youngestChildBirthDate, on) >= maj.youngestUnder) return undefined;
  return Math.round((maj.base + maj.perChild * children) * 100_000) / 100_000;
}

/** R262-1: +50 % for the 2nd person, +30 % each further one, +40 % each child past the 2nd. */
export function householdCoefficient(adults: number, children: number): number {
  const persons = adults + children;
  let c = 1 + (persons >= 2 ? 0.5 : 0);
  const further = Math.max(0, persons - 2);
  const thirdChildren = Math.min(further, Math.max(0, children - 2));
  c += thirdChildren * 0.4 + (further - thirdChildren) * 0.3;
  return Math.round(c * 1000) / 1000;
}

export function rsa(facts: RsaFacts, on: string): Decision {
  const base = valueAt(montantForfaitaire, on);
  const rates = valueAt(forfaitLogementRates, on);
  const seuil = valueAt(seuilVersementCents, on);
  const adults = facts.adults?.length;
  const children = facts.children;
  const ages = facts.adults?.map((a) => (a.birthDate ? ageOn(a.birthDate, on) : undefined));
  const conditions: Condition[] = [
    check(
      'rsa.age-or-child',
      'an adult of the foyer is 25 or older, or the foyer has a child',
      {
        oldestAge:
          ages === undefined || ages.some((a) => a === undefined)
            ? undefined
            : Math.max(...(ages as number[])),
        children,
      },
      [],
      () => (ages as number[]).some((a) => a >= 25) || (children ?? 0) > 0,
    ),
  ];
  let amount: number | undefined;
  const caveats = [
    'Resources are the foyer’s average over the last 3 months; Relais only knows declared incomes.',
    'Family benefits (allocations familiales, ASF) count as resources and are not deducted here.',
    'The RSA majoré is estimated for an isolated parent with a child under 3; a recent separation or a pregnancy (which also give it) and the RSA jeune actif are not.',
    'Residence, nationality and stay conditions are not checked.',
  ];
  if (
    base &&
    rates &&
    adults !== undefined &&
    children !== undefined &&
    facts.monthlyResourcesCents !== undefined
  ) {
    const coefficient =
      isolatedParentCoefficient(adults, children, facts.youngestChildBirthDate, on) ??
      householdCoefficient(adults, children);
    const montant = base.value * coefficient;
    const persons = adults + children;
    const forfait = forfaitLogement(base.value, rates.value, persons);
    // An unknown housing situation is read as the least favourable: the estimate is a floor.
    const housing = facts.housing ?? 'owner';
    if (!facts.housing)
      caveats.push(
        'Housing situation unknown: the forfait logement is deducted, so the estimate is a minimum.',
      );
    const logement =
      housing === 'tenant-without-aid'
        ? 0
        : housing === 'tenant-with-aid'
          ? Math.min(facts.housingAidCents ?? forfait, forfait)
          : forfait;
    // L262-10: the ASPA comes first; the RSA is what remains once it is counted.
    const aspaFirst = facts.aspaMonthlyCents ?? 0;
    if (aspaFirst > 0)
      caveats.push(
        'Claim the ASPA first (CASF L262-10): the RSA is estimated with it counted as a resource.',
      );
    amount = Math.max(0, Math.round(montant - facts.monthlyResourcesCents - logement - aspaFirst));
    conditions.push(
      check(
        'rsa.amount-above-threshold',
        'montant forfaitaire of the foyer exceeds its resources and the forfait logement by the payment threshold',
        {
          coefficient,
          resources: facts.monthlyResourcesCents,
          forfaitLogement: Math.round(logement),
          ...(aspaFirst > 0 ? { aspaFirst } : {}),
          estimate: amount,
        },
        [base, rates, seuil],
        () => (amount as number) >= (seuil?.value ?? 0),
      ),
    );
  } else {
    conditions.push(
      check(
        'rsa.resources-under-lump-sum',
        'resources under the montant forfaitaire of the foyer',
        { adults, children, resources: facts.monthlyResourcesCents },
        [base, rates],
        () => false,
      ),
    );
  }
  const outcome = combine(conditions);
  return decided(
    {
      benefit: 'RSA',
      outcome,
      ruleVersion: RSA_RULE_VERSION,
      on,
      period: on.slice(0, 4),
    },
    outcome === 'eligible' && amount !== undefined ? { estimatedMonthlyCents: amount } : undefined,
    conditions,
    caveats,
  );
}
