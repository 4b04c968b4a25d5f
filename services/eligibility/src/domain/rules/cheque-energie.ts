// Chèque énergie: for foyers whose reference tax income (RFR) per consumption unit (UC) is under a
// ceiling, a face value by RFR/UC band and number of UC. Sources and simplifications:
// docs/rules/cheque-energie.md (Code de l'énergie L124-1, R124-1 to R124-3; arrêtés of 26/12/2018,
// 24/02/2021 and 31/07/2025; OpenFisca-France .../autre_solidarite/cheque_energie/).
import { check, combine, decided, type Condition, type Decision } from '../decision.ts';
import { parameter, valueAt } from '../parameters.ts';

export const CHEQUE_ENERGIE_RULE_VERSION = 'cheque-energie-2026.1';

const OF =
  'openfisca-france prestations_sociales/solidarite_insertion/autre_solidarite/cheque_energie/';

/** R124-1: 1 for the first person, 0.5 for the second, 0.3 for each further one. */
export const unitWeights = parameter<{ first: number; second: number; further: number }>({
  id: 'cheque-energie.unites_consommation',
  description:
    'Consumption units: first person, second person, each further person (a minor in shared residence counts half)',
  unit: 'ratio',
  values: [
    {
      from: '2018-01-01',
      value: { first: 1, second: 0.5, further: 0.3 },
      source: `Code de l'énergie R124-1; ${OF}unites_consommation/premiere_personne.yaml, deuxieme_personne.yaml, autres_personnes.yaml @2017-01-01`,
    },
  ],
});

/** The RFR/UC a foyer must stay under (€ cents per UC, strict). */
export const ceiling = parameter<number>({
  id: 'cheque-energie.plafond',
  description:
    'Ceiling of the reference tax income per consumption unit, exclusive (€ cents / year)',
  unit: 'EUR-cents',
  values: [
    {
      from: '2018-01-01',
      value: 770000,
      source: `Décret n° 2016-555 du 6 mai 2016 (generalised 1 January 2018); ${OF}baremes/une_uc.yaml @2017-01-01`,
    },
    {
      from: '2019-01-01',
      value: 1070000,
      source: `Arrêté du 26 décembre 2018; ${OF}baremes/une_uc.yaml @2019-01-01`,
    },
    {
      from: '2021-01-01',
      value: 1080000,
      source: `Arrêté du 24 février 2021 (JORFTEXT000043178875); ${OF}baremes/une_uc.yaml @2021-01-01`,
    },
    {
      from: '2023-01-01',
      value: 1100000,
      source:
        'Reported for the 2023 and 2024 campaigns (info-chalon.com 27/12/2024, centrepresseaveyron.fr 24/04/2023); the arrêté was not identified',
    },
    {
      from: '2025-01-01',
      value: 1100000,
      source: 'Arrêté du 31 juillet 2025 (JORF 1 August 2025), art. 1',
    },
  ],
  revalued: {
    on: '01-01',
    basis: "Code de l'énergie L124-1, R124-2: each campaign's ceiling is set by arrêté",
  },
  pending: [
    {
      from: '2026-01-01',
      notedOn: '2026-11-28',
      note: 'No arrêté for the 2026 campaign was found (openfisca-france 176.1.8 cheque_energie/baremes has no 2026 value; pages of 2026 expect 11 000 € per UC “sauf changement réglementaire”, modesettravaux.fr). The 2025 ceiling applies meanwhile. Searched again the same day: openfisca-france snapshot a7038ee4 (July 2026) has no 2026 value; stored pages of 2026 give expectations only (spring sending, claims until 31 December 2026), no arrêté.',
    },
  ],
});

/**
 * Face values (€ cents) by band of RFR/UC (lower bounds, inclusive) for a foyer of 1 UC, of more
 * than 1 and less than 2 UC, and of 2 UC or more (R124-2, R124-3).
 */
export const scale = parameter<{
  bands: number[];
  oneUnit: number[];
  oneToTwoUnits: number[];
  twoUnitsOrMore: number[];
}>({
  id: 'cheque-energie.bareme',
  description:
    'Face value by RFR/UC band (lower bounds) for 1 UC, more than 1 and less than 2 UC, 2 UC or more',
  unit: 'EUR-cents',
  values: [
    {
      from: '2018-01-01',
      value: {
        bands: [0, 560000, 670000],
        oneUnit: [14400, 9600, 4800],
        oneToTwoUnits: [19000, 12600, 6300],
        twoUnitsOrMore: [22700, 15200, 7600],
      },
      source: `Décret n° 2016-555 du 6 mai 2016; ${OF}baremes/une_uc.yaml, une_uc_a_deux_uc.yaml, plus_de_deux_ucs.yaml @2017-01-01`,
    },
    {
      from: '2019-01-01',
      value: {
        bands: [0, 560000, 670000, 770000],
        oneUnit: [19400, 14600, 9800, 4800],
        oneToTwoUnits: [24000, 17600, 11300, 6300],
        twoUnitsOrMore: [27700, 20200, 12600, 7600],
      },
      source: `Arrêté du 26 décembre 2018 (+50 €, 4th band); ${OF}baremes/*.yaml @2019-01-01; the arrêté du 31 juillet 2025, art. 2, keeps values from 48 € to 277 €`,
    },
  ],
});

/** Which RFR a campaign reads, and how the cheque reaches the household. */
export const campaign = parameter<{ incomeYearLag: number; procedure: string }>({
  id: 'cheque-energie.campagne',
  description:
    'Campaign of the year: income year of the RFR (campaign year minus the lag) and how the cheque is sent',
  unit: 'years',
  values: [
    {
      from: '2018-01-01',
      value: {
        incomeYearLag: 2,
        procedure:
          'sent automatically from the tax files (income tax and taxe d’habitation); no claim needed',
      },
      source:
        "Code de l'énergie R124-1 (before 2025); openfisca-france tests/formulas/cheque_energie/montant.yaml (RFR of year N-2)",
    },
    {
      from: '2024-01-01',
      value: {
        incomeYearLag: 2,
        procedure:
          'sent again automatically to the 2023 recipients; newly eligible households had to claim online (July to 31 December 2024)',
      },
      source:
        'cbanque.com/energie/actualites/97281 (2024); journal-info.fr 2024-10-09; taxe d’habitation on main homes abolished on 1 January 2023',
    },
    {
      from: '2025-01-01',
      value: {
        incomeYearLag: 2,
        procedure:
          'sent automatically (November 2025) to the foyer fiscal of the electricity contract holder, matched on the meter (PDL); others claim online or by post until 28 February 2026 with an electricity bill',
      },
      source:
        'Loi n° 2025-127 art. 173, décret n° 2025-735 and arrêté du 31 juillet 2025; chèque énergie team on plus.transformation.gouv.fr (23/02/2026): “avis d’impôt 2024 sur les revenus 2023 pour la campagne 2025”',
    },
  ],
  revalued: { on: '01-01', basis: "Code de l'énergie L124-1: one campaign a year" },
  pending: [
    {
      from: '2026-01-01',
      notedOn: '2026-11-28',
      note: 'The 2026 campaign’s calendar and procedure were not found in a text (pages of 2026 describe the 2025 procedure, RFR of 2024 on the avis 2025). The 2025 procedure applies meanwhile.',
    },
  ],
});

export interface ChequeEnergieFacts {
  /** Every person of the foyer fiscal (declarants and dependants); minors in shared residence flagged. */
  members?: Array<{ sharedResidence?: boolean }>;
  /** Reference tax income of the foyer fiscal, € cents. */
  referenceTaxIncomeCents?: number;
  /** The year of the income the RFR was computed on (2023 for the avis d'impôt 2024). */
  incomeYear?: number;
  /** How the household occupies its home (HousingSituationDeclared); housed free has no dwelling of its own. */
  housing?: 'tenant' | 'owner' | 'free';
}

/** Consumption units in hundredths (100 = 1 UC), persons in shared residence counted last. */
export function consumptionUnits(
  members: Array<{ sharedResidence?: boolean }>,
  on: string,
): number | undefined {
  const w = valueAt(unitWeights, on)?.value;
  if (!w) return undefined;
  // Persons in shared residence last, each at half its weight; two passes, no copies.
  const weight = (i: number) =>
    Math.round(100 * (i === 0 ? w.first : i === 1 ? w.second : w.further));
  let sum = 0;
  let i = 0;
  for (const m of members) if (!m.sharedResidence) sum += weight(i++);
  for (const m of members) if (m.sharedResidence) sum += weight(i++) / 2;
  return sum;
}

/** Face value (€ cents) for a RFR and a number of UC (hundredths); 0 at or above the ceiling. */
export function chequeEnergieAmount(
  incomeCents: number,
  unitsHundredths: number,
  on: string,
): { cents: number; band?: number } | undefined {
  const limit = valueAt(ceiling, on)?.value;
  const s = valueAt(scale, on)?.value;
  if (limit === undefined || !s || unitsHundredths <= 0) return undefined;
  // RFR / UC compared with a bound b: incomeCents × 100 against b × unitsHundredths, in integers.
  if (incomeCents * 100 >= limit * unitsHundredths) return { cents: 0 };
  const band = s.bands.filter((b) => incomeCents * 100 >= b * unitsHundredths).length - 1;
  const column =
    unitsHundredths <= 100 ? s.oneUnit : unitsHundredths < 200 ? s.oneToTwoUnits : s.twoUnitsOrMore;
  return { cents: column[band] ?? 0, band: band + 1 };
}

/** The year of the last date asked (a campaign asks one date's). */
let lastYear: { on: string; year: number } | undefined;

export function chequeEnergie(facts: ChequeEnergieFacts, on: string): Decision {
  if (lastYear?.on !== on) lastYear = { on, year: Number(on.slice(0, 4)) };
  const year = lastYear.year;
  const weights = valueAt(unitWeights, on);
  const limit = valueAt(ceiling, on);
  const bareme = valueAt(scale, on);
  const run = valueAt(campaign, on);
  const units = facts.members?.length ? consumptionUnits(facts.members, on) : undefined;
  const expectedYear = run ? year - run.value.incomeYearLag : undefined;
  const income = facts.referenceTaxIncomeCents;
  const result =
    income !== undefined && units !== undefined
      ? chequeEnergieAmount(income, units, on)
      : undefined;
  const conditions: Condition[] = [
    check(
      'cheque-energie.income-ceiling',
      `reference tax income of ${expectedYear ?? 'year N-2'} per consumption unit under the ceiling`,
      {
        persons: facts.members?.length,
        units: units === undefined ? undefined : units / 100,
        income,
        // Unknown when the RFR is of another year than the campaign reads; assumed when not given.
        incomeYear:
          facts.incomeYear === undefined || facts.incomeYear === expectedYear
            ? (facts.incomeYear ?? expectedYear)
            : undefined,
        incomePerUnit:
          income !== undefined && units ? Math.round((income * 100) / units) : undefined,
      },
      [weights, limit, run],
      () => (result?.cents ?? 0) > 0,
    ),
  ];
  if (facts.housing !== undefined)
    conditions.push(
      check(
        'cheque-energie.own-dwelling',
        'the household occupies a dwelling of its own, as tenant or owner (not housed free)',
        { housing: facts.housing },
        [],
        () => facts.housing !== 'free',
      ),
    );
  const outcome = combine(conditions);
  if (outcome === 'eligible' && result?.band !== undefined && bareme)
    conditions.push(
      check(
        'cheque-energie.amount-by-band',
        'face value by RFR/UC band and number of consumption units',
        {
          band: result.band,
          column:
            (units as number) <= 100
              ? '1 UC'
              : (units as number) < 200
                ? '1 to 2 UC'
                : '2 UC or more',
        },
        [bareme],
        () => true,
      ),
    );
  return decided(
    {
      benefit: 'CHEQUE_ENERGIE',
      outcome,
      ruleVersion: CHEQUE_ENERGIE_RULE_VERSION,
      on,
      period: on.slice(0, 4),
    },
    outcome === 'eligible' && result ? { estimatedYearlyCents: result.cents } : undefined,
    conditions,
    [
      `Campaign ${year}: ${run?.value.procedure ?? 'no campaign parameters for this year'}.`,
      year >= 2025
        ? 'Since 2025 the cheque goes to the foyer fiscal of the holder of the electricity supply contract; Relais does not know who holds it and assumes this foyer does.'
        : 'Before 2025 the household was the occupants of a dwelling subject to the taxe d’habitation, their RFRs summed; Relais uses one foyer fiscal and assumes the dwelling condition.',
      'Units count the persons of the foyer fiscal Relais knows of; a dependant it does not know lowers the units and may show a lower band.',
      'One cheque per dwelling; the exceptional cheques of 2021 and 2022 are not estimated.',
    ],
  );
}
