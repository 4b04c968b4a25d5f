// Allocation de rentrée scolaire (ARS): per child of school age, by age band, for households
// under a ceiling that grows with the number of dependent children; income of year N-2.
// Sources and simplifications: docs/rules/allocation-de-rentree-scolaire.md (CSS L543-1, R543-2,
// R543-5, D543-1; arrêtés of 21/12/2022, 22/12/2023, 20/12/2024; instructions DSS/2B/2025/177 and
// DSS/2B/2026/46).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { ageOn } from '../facts.ts';
import { parameter, valueAt } from '../parameters.ts';

export const ARS_RULE_VERSION = 'ars-2026.1';

export const arsCeiling = parameter<{ base: number; perChild: number }>({
  id: 'ars.plafond',
  description:
    'Resource ceiling: base plus an amount per dependent child from the first (€ cents / year)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2023-01-01',
      value: { base: 1982700, perChild: 594800 },
      source:
        'Arrêté du 21 décembre 2022, art. 3; openfisca-france ars/ars_plaf/plafond_ressources.yaml @2023-01-01',
    },
    {
      from: '2024-01-01',
      value: { base: 2087800, perChild: 626300 },
      source:
        'Arrêté du 22 décembre 2023, art. 3; openfisca-france ars/ars_plaf/plafond_ressources.yaml @2024-01-01',
    },
    {
      from: '2025-01-01',
      value: { base: 2188000, perChild: 656400 },
      source: 'Arrêté du 20 décembre 2024, art. 3',
    },
    {
      from: '2026-01-01',
      value: { base: 2227400, perChild: 668200 },
      source:
        'Instruction interministérielle n° DSS/2B/2025/177 du 18 décembre 2025 (bulletins-officiels.social.gouv.fr, SFHS2535630J); openfisca-france 176.1.8 ars/ars_plaf/plafond_ressources.yaml @2026-01-01 (22 274 €) and majoration_par_enf_supp.yaml (30 % per child: 6 682 €, 28 956 € for one child)',
    },
  ],
  revalued: {
    on: '01-01',
    basis: 'CSS L543-1: the ceiling is revalued each year, from 1 January, on prices',
  },
});

export const arsAmounts = parameter<{ primary: number; middle: number; high: number }>({
  id: 'ars.montants',
  description:
    'Amount paid per child aged 6–10, 11–14 and 15–18 on 31 December (€ cents, net of CRDS)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2023-08-01',
      value: { primary: 39809, middle: 42005, high: 43461 },
      source:
        'CSS D543-1 (BMAF of 1 April 2023); amounts published by the CAF for the 2023 rentrée',
    },
    {
      from: '2024-08-01',
      value: { primary: 41640, middle: 43938, high: 45460 },
      source:
        'CSS D543-1 (BMAF of 1 April 2024); amounts published by the CAF for the 2024 rentrée',
    },
    {
      from: '2025-08-01',
      value: { primary: 42348, middle: 44685, high: 46232 },
      source:
        'CSS D543-1 (BMAF 474.37 €); service-public.gouv.fr A16342; openfisca-france tests/formulas/ars.yaml',
    },
    {
      from: '2026-08-01',
      value: { primary: 42686, middle: 45041, high: 46602 },
      source:
        'Derived: BMAF of 1 April 2026, 478.16 € (instruction interministérielle n° DSS/2B/2026/46 du 20 mars 2026; openfisca-france 176.1.8 prestations_familiales/bmaf/bmaf.yaml @2026-04-01) × the CSS D543-1 rates 89.72 / 94.67 / 97.95 % × (1 − 0.5 % CRDS); within 0.01 € of the CAF’s rounding (2025: 423.47 computed, 423.48 paid)',
    },
  ],
  revalued: {
    on: '08-01',
    basis:
      'CSS D543-1: a share of the BMAF, revalued on 1 April (CSS L551-1, L161-25), paid for the rentrée in August',
  },
});

export interface ArsFacts {
  /** Every dependent child of the household (the ceiling counts them all). */
  children?: Array<{ birthDate?: string }>;
  /** Household income of year N-2 for the rentrée of year N, € cents. */
  annualIncomeCents?: number;
  incomeYear?: number;
}

/** The dates and texts of a rentrée, made once per year (a campaign asks one year's). */
interface Rentree {
  year: number;
  /** Born after it: not 6 before 1 February of the next year. */
  bornBy: string;
  september15: string;
  december31: string;
  on: string;
  period: string;
  /** The income ceiling condition's label, by number of children. */
  labels: Map<string, string>;
}
let lastRentree: Rentree | undefined;
function rentree(year: number): Rentree {
  if (lastRentree?.year !== year)
    lastRentree = {
      year,
      bornBy: `${year - 5}-01-31`,
      september15: `${year}-09-15`,
      december31: `${year}-12-31`,
      on: `${year}-08-15`,
      period: `${year}-${year + 1}`,
      labels: new Map(),
    };
  return lastRentree;
}

/** R543-2: turns 6 before 1 February of the next year, is under 18 on 15 September. */
export function schoolAge(
  birthDate: string,
  rentreeYear: number,
): 'primary' | 'middle' | 'high' | undefined {
  const r = rentree(rentreeYear);
  if (birthDate > r.bornBy) return undefined;
  if (ageOn(birthDate, r.september15) >= 18) return undefined;
  const age = ageOn(birthDate, r.december31);
  return age <= 10 ? 'primary' : age <= 14 ? 'middle' : 'high';
}

function incomeCeilingLabel(r: Rentree, children: number | undefined): string {
  const key = String(children ?? '?');
  let label = r.labels.get(key);
  if (label === undefined) {
    label = `income of ${r.year - 2} at most the ceiling for ${key} dependent child(ren)`;
    if (r.labels.size < 32) r.labels.set(key, label);
  }
  return label;
}

export function ars(facts: ArsFacts, rentreeYear: number): Decision {
  const r = rentree(rentreeYear);
  const on = r.on;
  const ceiling = valueAt(arsCeiling, on);
  const amounts = valueAt(arsAmounts, on);
  const children = facts.children;
  const bands = children?.map((c) =>
    c.birthDate ? schoolAge(c.birthDate, rentreeYear) : 'unknown-age',
  );
  const limit =
    ceiling && children ? ceiling.value.base + ceiling.value.perChild * children.length : undefined;
  const conditions: Condition[] = [
    check(
      'ars.school-age',
      'a child of school age for this rentrée (turns 6 before 1 February next year, under 18 on 15 September)',
      {
        children: children?.length,
        schoolAge: bands?.includes('unknown-age') ? undefined : bands?.filter(Boolean).length,
      },
      [],
      () => (bands ?? []).some((b) => b !== undefined),
    ),
    check(
      'ars.income-ceiling',
      incomeCeilingLabel(r, children?.length),
      {
        income: facts.annualIncomeCents,
        incomeYear:
          facts.incomeYear === undefined || facts.incomeYear === rentreeYear - 2
            ? (facts.incomeYear ?? rentreeYear - 2)
            : undefined,
        ceiling: limit,
      },
      [ceiling],
      () => (facts.annualIncomeCents as number) <= (limit as number),
    ),
  ];
  const outcome = combine(conditions);
  const total =
    outcome === 'eligible' && amounts
      ? (bands ?? []).reduce(
          (sum, b) =>
            sum + (b === 'primary' || b === 'middle' || b === 'high' ? amounts.value[b] : 0),
          0,
        )
      : undefined;
  if (total !== undefined && amounts)
    conditions.push(
      check(
        'ars.amount-by-age',
        'amount by age band on 31 December',
        { bands: (bands ?? []).filter(Boolean).join(', ') },
        [amounts],
        () => true,
      ),
    );
  return decided(
    {
      benefit: 'ARS',
      outcome,
      ruleVersion: ARS_RULE_VERSION,
      on,
      period: r.period,
    },
    total !== undefined ? { estimatedYearlyCents: total } : undefined,
    conditions,
    [
      'From 16 to 18 a child must still be in school or an apprentice with low pay; Relais assumes so.',
      'Just above the ceiling a reduced (differential) ARS may be paid; it is not estimated here.',
      'Income is the household’s net taxable income of year N-2 as Relais knows it.',
    ],
  );
}
