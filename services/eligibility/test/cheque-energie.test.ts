// Chèque énergie: published cases (OpenFisca-France tests/formulas/cheque_energie/montant.yaml and
// unites_consommation.yaml; examples published for the 2018, 2021 and 2024 campaigns; arrêté du
// 31 juillet 2025) and dated parameters. docs/rules/cheque-energie.md §6.
import { describe, expect, it } from 'vitest';
import {
  chequeEnergie,
  chequeEnergieAmount,
  consumptionUnits,
} from '../src/domain/rules/cheque-energie.ts';

const persons = (n: number, shared = 0) => [
  ...Array.from({ length: n }, () => ({})),
  ...Array.from({ length: shared }, () => ({ sharedResidence: true })),
];
const euros = (cents: number | undefined): number => (cents ?? 0) / 100;

describe('chèque énergie, OpenFisca-France montant.yaml', () => {
  // [case name, campaign date, UC in hundredths, RFR of N-2 in €, face value in €]
  const cases: Array<[string, string, number, number, number]> = [
    ['1 UC - RFR < 5600', '2018-04-01', 100, 5599, 144],
    ['1 UC - RFR = 5600', '2018-04-01', 100, 5600, 96],
    ['1 UC - RFR = 6700', '2018-04-01', 100, 6700, 48],
    ['1 UC - RFR = 7700', '2018-04-01', 100, 7700, 0],
    ['1 UC - RFR = 7800 (barème 2019)', '2019-04-01', 100, 7800, 48],
    ['1 UC - RFR = 17800 (barème 2019)', '2019-04-01', 100, 17800, 0],
    ['1.5 UC - RFR < 5600 * 1.5', '2018-04-01', 150, 5599, 190],
    ['1.5 UC - RFR = 5600 * 1.5', '2018-04-01', 150, 5600 * 1.5, 126],
    ['1.5 UC - RFR = 6700 * 1.5', '2018-04-01', 150, 6700 * 1.5, 63],
    ['1.5 UC - RFR = 7700 * 1.5', '2018-04-01', 150, 7700 * 1.5, 0],
    ['2 UC - RFR < 5600 * 2', '2018-04-01', 200, 5599, 227],
    ['2 UC - RFR = 5600 * 2', '2018-04-01', 200, 5600 * 2, 152],
    ['2 UC - RFR = 6700 * 2', '2018-04-01', 200, 6700 * 2, 76],
    ['2 UC - RFR = 7700 * 2', '2018-04-01', 200, 7700 * 2, 0],
  ];
  it.each(cases)('“%s” (%s, %i/100 UC, RFR %d €) → %i €', (_name, on, units, rfr, value) => {
    expect(euros(chequeEnergieAmount(rfr * 100, units, on)?.cents)).toBe(value);
  });

  // "Test le montant du chèque énergie" (2021): a couple, no RFR → 240 € (1.5 UC, first band)
  it('“Test le montant du chèque énergie” — couple without income, 2021 → 240 €', () => {
    const d = chequeEnergie({ members: persons(2), referenceTaxIncomeCents: 0 }, '2021-04-01');
    expect(d).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 24000 });
  });

  // "1 UC - RFR < 5600 en 2017": OpenFisca gives 0 before the 2018 generalisation; Relais has no
  // scale for 2017 (the cheque was an experiment in four départements) and says so.
  it('has no scale before 2018: unknown, never not-eligible', () => {
    const d = chequeEnergie(
      { members: persons(1), referenceTaxIncomeCents: 5599_00 },
      '2017-06-01',
    );
    expect(d.outcome).toBe('unknown');
  });
});

describe('chèque énergie, consumption units (OpenFisca-France unites_consommation.yaml)', () => {
  it.each([
    ['UC isolé', persons(1), 100],
    ['UC avec 1 enfant', persons(2), 150],
    ['UC avec 1 enfant en garde alternée', persons(1, 1), 125],
    ['UC union libre, avec deux enfants', persons(4), 210],
  ])('“%s” → %i/100 UC', (_name, members, units) => {
    expect(consumptionUnits(members, '2018-06-01')).toBe(units);
  });

  it('counts a child in shared residence last, halved: couple + 1 + 1 shared = 1.95 UC', () => {
    expect(consumptionUnits(persons(3, 1), '2025-06-01')).toBe(195);
  });
});

describe('chèque énergie, published campaign examples', () => {
  // boursier.com (Reuters, 2018): couple with two children, RFR 11 000 € → 2.1 UC, 5 238 € per UC
  // → 227 €
  it('2018: couple with two children, RFR 11 000 € → 227 €', () => {
    const d = chequeEnergie(
      { members: persons(4), referenceTaxIncomeCents: 11000_00 },
      '2018-04-01',
    );
    expect(d).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 22700 });
    expect(d.conditions[0]?.facts).toMatchObject({ units: 2.1, incomePerUnit: 523810 });
  });

  // demarchesadministratives.fr (2022, about 2021): single under 10 800 €, couple at most 16 199 €
  it('2021: single under 10 800 €, couple at most 16 199 €', () => {
    const at = (n: number, rfr: number) =>
      chequeEnergie(
        { members: persons(n), referenceTaxIncomeCents: rfr * 100, incomeYear: 2019 },
        '2021-04-01',
      );
    expect(at(1, 10799)).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 4800 });
    expect(at(1, 10800).outcome).toBe('not-eligible');
    expect(at(2, 16199)).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 6300 });
    expect(at(2, 16200).outcome).toBe('not-eligible');
  });

  // info-chalon.com (27/12/2024): RFR 2022 under 11 000 € single, 16 500 € couple, 19 800 € couple
  // with a child, 23 100 € couple with two children
  it.each([
    [1, 11000, 4800],
    [2, 16500, 6300],
    [3, 19800, 6300],
    [4, 23100, 7600],
  ])(
    '2024: %i person(s) under %i € (RFR 2022) → %i cents; at the ceiling not eligible',
    (n, rfr, value) => {
      const at = (euro: number) =>
        chequeEnergie(
          { members: persons(n), referenceTaxIncomeCents: euro * 100, incomeYear: 2022 },
          '2024-09-01',
        );
      expect(at(rfr - 1)).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: value });
      expect(at(rfr).outcome).toBe('not-eligible');
    },
  );

  // Arrêté du 31 juillet 2025: from 1 January 2025, RFR/UC under 11 000 €; values 48 € to 277 €
  it('2025: under 11 000 € per UC, from 48 € (1 UC, last band) to 277 € (2 UC or more, first band)', () => {
    const d = (n: number, rfr: number) =>
      chequeEnergie(
        { members: persons(n), referenceTaxIncomeCents: rfr * 100, incomeYear: 2023 },
        '2025-11-01',
      );
    expect(d(1, 10999)).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 4800 });
    expect(d(1, 11000).outcome).toBe('not-eligible');
    expect(d(4, 0)).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 27700 });
    expect(d(1, 5000).estimatedYearlyCents).toBe(19400);
    expect(d(3, 12000).estimatedYearlyCents).toBe(17600); // 6 666.67 € per UC, 1.8 UC
    expect(d(4, 16000).estimatedYearlyCents).toBe(12600); // 7 619.05 € per UC, 2.1 UC
  });
});

describe('chèque énergie, dated parameters and explanation', () => {
  it('applies the 10 800 € ceiling from 1 January 2021 only', () => {
    const facts = { members: persons(1), referenceTaxIncomeCents: 10750_00 };
    expect(chequeEnergie(facts, '2020-12-31').outcome).toBe('not-eligible');
    const d = chequeEnergie(facts, '2021-01-01');
    expect(d).toMatchObject({ outcome: 'eligible', estimatedYearlyCents: 4800 });
    expect(
      d.conditions[0]?.parameters.find((p) => p.id === 'cheque-energie.plafond'),
    ).toMatchObject({
      value: 1080000,
      from: '2021-01-01',
      source: expect.stringContaining('24 février 2021'),
    });
  });

  it('explains the ceiling, the band and the campaign', () => {
    const d = chequeEnergie(
      { members: persons(2, 1), referenceTaxIncomeCents: 9000_00, incomeYear: 2023 },
      '2025-11-01',
    );
    expect(d).toMatchObject({
      benefit: 'CHEQUE_ENERGIE',
      outcome: 'eligible',
      ruleVersion: 'cheque-energie-2026.1',
      period: '2025',
      estimatedYearlyCents: 24000,
    });
    expect(d.conditions.map((c) => c.id)).toEqual([
      'cheque-energie.income-ceiling',
      'cheque-energie.amount-by-band',
    ]);
    expect(d.conditions[0]?.facts).toMatchObject({ units: 1.65, incomeYear: 2023 });
    expect(d.conditions[0]?.parameters.map((p) => [p.id, p.from])).toEqual([
      ['cheque-energie.unites_consommation', '2018-01-01'],
      ['cheque-energie.plafond', '2025-01-01'],
      ['cheque-energie.campagne', '2025-01-01'],
    ]);
    expect(d.conditions[1]).toMatchObject({
      facts: { band: 1, column: '1 to 2 UC' },
      parameters: [{ id: 'cheque-energie.bareme', from: '2019-01-01' }],
    });
    expect(d.caveats.join(' ')).toMatch(/electricity supply contract/);
    expect(d.caveats.join(' ')).toMatch(/28 February 2026/);
  });

  it('is unknown, not refused, without the income, the persons, or with the RFR of another year', () => {
    expect(chequeEnergie({ members: persons(1) }, '2025-11-01').outcome).toBe('unknown');
    expect(chequeEnergie({ referenceTaxIncomeCents: 1_00 }, '2025-11-01').outcome).toBe('unknown');
    expect(
      chequeEnergie({ members: [], referenceTaxIncomeCents: 1_00 }, '2025-11-01').outcome,
    ).toBe('unknown');
    const stale = { members: persons(1), referenceTaxIncomeCents: 1_00, incomeYear: 2024 };
    expect(chequeEnergie(stale, '2025-11-01').outcome).toBe('unknown');
    expect(
      chequeEnergie({ ...stale, referenceTaxIncomeCents: 50000_00 }, '2025-11-01').outcome,
    ).toBe('unknown');
  });

  it('is not for a household housed free (Code de l’énergie L124-1: the occupant of a dwelling; openfisca-france cheque_energie_eligibilite_logement)', () => {
    const base = { members: [{}], referenceTaxIncomeCents: 500_000, incomeYear: 2024 };
    expect(chequeEnergie({ ...base, housing: 'free' }, '2026-05-01').outcome).toBe('not-eligible');
    expect(chequeEnergie({ ...base, housing: 'tenant' }, '2026-05-01').outcome).toBe('eligible');
  });
});
