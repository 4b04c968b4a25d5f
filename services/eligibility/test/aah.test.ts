// AAH: published cases (OpenFisca-France tests/formulas/aah/*.yaml, the Lefebvre Dalloz table of
// 1 April 2023), dated parameters and the explanation (docs/rules/aah.md §7).
// OpenFisca gives an age, not a birth date: each case uses a birth date giving that age. Its
// cases carry no CDAPH decision: they run with a right granted without time limit. Earnings from
// the quarterly evaluation are annualised (last quarter × 4), as OpenFisca does.
import { describe, expect, it } from 'vitest';
import { aah, type AahFacts } from '../src/domain/rules/aah.ts';

const euros = (cents: number | undefined): number => (cents ?? 0) / 100;
const granted = { recognitionStart: '2010-01-01', recognitionEnd: null };
const single = (facts: AahFacts): AahFacts => ({
  ...granted,
  dependentChildren: 0,
  inCouple: false,
  annualEarningsCents: 0,
  ...facts,
});
const condition = (d: ReturnType<typeof aah>, id: string) => d.conditions.find((c) => c.id === id);

describe('AAH — published cases', () => {
  it('published: openfisca-france tests/formulas/aah/aah.yaml — "AAH niveau Individu - Eligible, célibataire, sans enfants" (2014-11): (9 605.40 − 500) / 12', () => {
    const d = aah(
      single({ birthDate: '1992-06-01', incapacityRate: 90, annualResourcesCents: 500_00 }),
      '2014-11-01',
    );
    expect(d.outcome).toBe('eligible');
    expect(d.estimatedMonthlyCents).toBe(75878);
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 9100 / 12)).toBeLessThanOrEqual(1); // YAML margin 1 €
  });

  it('published: openfisca-france aah.yaml — "AAH Eligibilité personne seule sans revenus" (2015-11): 807.65', () => {
    const d = aah(
      single({ birthDate: '1982-01-01', incapacityRate: 90, annualResourcesCents: 0 }),
      '2015-11-01',
    );
    expect(d).toMatchObject({ outcome: 'eligible', estimatedMonthlyCents: 80765 });
  });

  it('published: openfisca-france aah.yaml — "AAH salarié célibataire (K.P.), moins de 30% du SMIC" (2015-11): resources 80/month, 727.65', () => {
    const d = aah(
      single({
        birthDate: '1970-01-01',
        incapacityRate: 90,
        annualResourcesCents: 400_00 * 12,
        annualEarningsCents: 400_00 * 12,
      }),
      '2015-11-01',
    );
    expect(condition(d, 'aah.resources-under-ceiling')?.facts.countable).toBe(80_00 * 12);
    expect(d.estimatedMonthlyCents).toBe(72765);
  });

  it('published: openfisca-france aah.yaml — "AAH salarié célibataire (K.P.), plus de 30% du SMIC" (2015-11): 99.89', () => {
    const d = aah(
      single({
        birthDate: '1970-01-01',
        incapacityRate: 90,
        annualResourcesCents: 1471_00 * 12,
        annualEarningsCents: 1471_00 * 12,
      }),
      '2015-11-01',
    );
    expect(d.outcome).toBe('eligible');
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 99.89)).toBeLessThanOrEqual(1);
  });

  it('published: openfisca-france aah.yaml — "AAH retraité, retraite 400" (2015-11, 65 years, 90 %): 407.65', () => {
    const d = aah(
      single({ birthDate: '1950-06-01', incapacityRate: 90, annualResourcesCents: 400_00 * 12 }),
      '2015-11-01',
    );
    expect(d).toMatchObject({ outcome: 'eligible', estimatedMonthlyCents: 40765 });
    expect(condition(d, 'aah.under-retirement-age')).toBeUndefined(); // 80 % and over: no age limit
  });

  // Revalorisation 01-04-2018 cases: salaries of February–April 2018 × 4 (the quarter before May).
  const rsdae2018 = (earnings: number, facts: AahFacts = {}) =>
    single({
      birthDate: '1968-01-01',
      incapacityRate: 55,
      substantialEmploymentRestriction: true,
      annualResourcesCents: earnings,
      annualEarningsCents: earnings,
      ...facts,
    });

  it('published: openfisca-france aah.yaml — "Revalorisation 01-04-2018, Cas Passant 1" (55 % with RSDAE): 398.81', () => {
    const d = aah(rsdae2018(3000_00 * 4), '2018-05-01');
    expect(d.outcome).toBe('eligible');
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 398.81)).toBeLessThanOrEqual(1);
  });

  it('published: openfisca-france aah.yaml — "Revalorisation 01-04-2018, Cas Non Passant" (same, RSDAE not recognised): 0', () => {
    const d = aah(
      rsdae2018(3000_00 * 4, { substantialEmploymentRestriction: false }),
      '2018-05-01',
    );
    expect(d.outcome).toBe('not-eligible');
    expect(condition(d, 'aah.incapacity-rate')?.outcome).toBe('not-eligible');
  });

  it('published: openfisca-france aah.yaml — "Revalorisation 01-04-2018, Cas Passant 2" (42 years, 1 child): 158.31', () => {
    const d = aah(
      rsdae2018(6250_00 * 4, { birthDate: '1976-01-01', dependentChildren: 1 }),
      '2018-05-01',
    );
    expect(d.outcome).toBe('eligible');
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 158.31)).toBeLessThanOrEqual(1);
  });

  it('published: openfisca-france aah.yaml — "Revalorisation 01-04-2018, Cas Non Passant 1" (single, 12 000 €): 0', () => {
    const d = aah(rsdae2018(6000_00 * 4), '2018-05-01');
    expect(d.outcome).toBe('not-eligible');
    expect(condition(d, 'aah.resources-under-ceiling')?.outcome).toBe('not-eligible');
  });

  it('published: openfisca-france tests/formulas/aah/aah_famille.yaml — "célibataire, sans enfants, ressources supérieures au plafond" (2015-01): 0', () => {
    const d = aah(
      single({ birthDate: '1965-01-01', incapacityRate: 90, annualResourcesCents: 9700_00 }),
      '2015-01-01',
    );
    expect(d.outcome).toBe('not-eligible');
    expect(condition(d, 'aah.resources-under-ceiling')?.facts.ceiling).toBe(960540);
  });

  it('published: openfisca-france tests/formulas/aah/aah_couple.yaml — "déconjugalisation" (2023-11): [0, 971.37]', () => {
    const parent = { ...granted, birthDate: '1980-01-01', incapacityRate: 80, inCouple: true };
    const earner = aah(
      {
        ...parent,
        dependentChildren: 0,
        annualResourcesCents: 24000_00,
        annualEarningsCents: 24000_00,
        resourcesYear: 2021,
      },
      '2023-11-01',
    );
    expect(earner.outcome).toBe('not-eligible');
    const countable = condition(earner, 'aah.resources-under-ceiling')?.facts.countable as number;
    expect(Math.abs(countable / 12 / 100 - 990.33)).toBeLessThanOrEqual(0.01); // aah_base_ressources
    const spouse = aah(
      { ...parent, dependentChildren: 0, annualResourcesCents: 0, annualEarningsCents: 0 },
      '2023-11-01',
    );
    expect(spouse).toMatchObject({ outcome: 'eligible', estimatedMonthlyCents: 97137 });
  });

  it('published: openfisca-france aah_couple.yaml — "juste avant déconjugalisation" (2023-08): pooled resources, not estimated (unknown)', () => {
    // OpenFisca pays [767.85, 374.84] on the couple's pooled resources; the rule only computes
    // the individual calculation and says it does not know rather than refuse.
    const d = aah(
      {
        ...granted,
        birthDate: '1980-01-01',
        incapacityRate: 80,
        inCouple: true,
        dependentChildren: 0,
        annualResourcesCents: 0,
        annualEarningsCents: 0,
      },
      '2023-08-01',
    );
    expect(d.outcome).toBe('unknown');
    expect(condition(d, 'aah.single-applicant')).toMatchObject({ outcome: 'unknown' });
  });

  it('published: openfisca-france tests/formulas/aah/aah_eligible.yaml — rate under 50 % refused; 60 % with RSDAE and 85 % at 70 accepted (2013-07)', () => {
    const at = (facts: AahFacts) =>
      aah(single({ annualResourcesCents: 0, ...facts }), '2013-07-01');
    expect(at({ birthDate: '1963-01-01', incapacityRate: 40 }).outcome).toBe('not-eligible');
    const rsdae = at({
      birthDate: '1963-01-01',
      incapacityRate: 60,
      substantialEmploymentRestriction: true,
    });
    expect(condition(rsdae, 'aah.incapacity-rate')?.outcome).toBe('eligible');
    const retired = at({ birthDate: '1943-01-01', incapacityRate: 85 });
    expect(condition(retired, 'aah.incapacity-rate')?.outcome).toBe('eligible');
    expect(condition(retired, 'aah.age')?.outcome).toBe('eligible');
    expect(condition(retired, 'aah.under-retirement-age')).toBeUndefined();
  });

  it('published: Lefebvre Dalloz table "en vigueur à partir du 1er avril 2023" (efl.fr) — ceiling 11 656.44 € + 5 828.22 € per child', () => {
    // The table prints "11 654,44": 12 × 971.37 = 11 656.44, and its own 5 828.22 per child and
    // 21 098.16 for a couple (× 1.81) are computed from 11 656.44, so we read a typo.
    const ceiling = (children: number) =>
      condition(
        aah(
          single({
            birthDate: '1980-01-01',
            incapacityRate: 80,
            annualResourcesCents: 0,
            dependentChildren: children,
          }),
          '2023-06-01',
        ),
        'aah.resources-under-ceiling',
      )?.facts.ceiling;
    expect(ceiling(0)).toBe(1165644);
    expect((ceiling(1) as number) - (ceiling(0) as number)).toBe(582822);
    expect(Math.round(1165644 * 1.81)).toBe(2109816);
  });
});

describe('AAH — rule', () => {
  const adult: AahFacts = single({
    birthDate: '1985-03-01',
    incapacityRate: 80,
    annualResourcesCents: 0,
  });

  it('applies the 1 April revaluation from its date only, and says what it used', () => {
    expect(aah(adult, '2025-03-31').estimatedMonthlyCents).toBe(101605);
    const april = aah(adult, '2025-04-01');
    expect(april.estimatedMonthlyCents).toBe(103332);
    const used = condition(april, 'aah.resources-under-ceiling')?.parameters.find(
      (p) => p.id === 'aah.montant_maximal',
    );
    expect(used).toMatchObject({
      value: 103332,
      from: '2025-04-01',
      source: expect.stringContaining('2025-297'),
    });
  });

  it('published: Décret n° 2026-229 du 30 mars 2026 — 1 041.59 € for one person without resources from 1 April 2026, ceiling 12 × 1 041.59 = 12 499.08 €', () => {
    expect(aah(adult, '2026-03-31').estimatedMonthlyCents).toBe(103332);
    const april = aah(adult, '2026-04-01');
    expect(april.estimatedMonthlyCents).toBe(104159);
    const resources = condition(april, 'aah.resources-under-ceiling');
    expect(resources?.facts.ceiling).toBe(1249908);
    expect(resources?.parameters.find((p) => p.id === 'aah.montant_maximal')).toMatchObject({
      value: 104159,
      from: '2026-04-01',
      source: expect.stringContaining('2026-229'),
    });
  });

  it('uses the SMIC of 1 June 2026 (arrêté du 22 mai 2026, 12.31 €) for the earnings abatement from that date', () => {
    const smic = (on: string) =>
      condition(aah(adult, on), 'aah.resources-under-ceiling')?.parameters.find(
        (p) => p.id === 'smic.horaire_brut',
      );
    expect(smic('2026-05-31')).toMatchObject({ value: 1202, from: '2026-01-01' });
    expect(smic('2026-06-01')).toMatchObject({
      value: 1231,
      from: '2026-06-01',
      source: expect.stringContaining('22 mai 2026'),
    });
  });

  it('explains itself: conditions, facts read, rule version, period, caveats', () => {
    const d = aah(
      { ...adult, dependentChildren: 2, annualResourcesCents: 10_000_00 },
      '2025-06-01',
    );
    expect(d).toMatchObject({
      benefit: 'AAH',
      ruleVersion: 'aah-2026.1',
      on: '2025-06-01',
      period: '2025',
    });
    expect(d.conditions.map((c) => c.id)).toEqual([
      'aah.cdaph-decision',
      'aah.recognition-period',
      'aah.incapacity-rate',
      'aah.age',
      'aah.resources-under-ceiling',
    ]);
    expect(condition(d, 'aah.resources-under-ceiling')?.facts).toMatchObject({
      resources: 10_000_00,
      resourcesYear: 2023,
      dependentChildren: 2,
      ceiling: 2479968, // 12 × 1 033.32 × (1 + 2 × 0.5)
    });
    // Resources under the ceiling by more than a year of AAH: the full amount.
    expect(d.estimatedMonthlyCents).toBe(103332);
    expect(d.caveats.join(' ')).toMatch(/N-2/);
    expect(d.caveats.join(' ')).toMatch(/not checked/);
  });

  it('is unknown, never refused, when a fact is missing', () => {
    const { birthDate: _b, ...noBirth } = adult;
    const { incapacityRate: _r, ...noRate } = adult;
    const { annualResourcesCents: _a, ...noResources } = adult;
    const { recognitionStart: _s, ...noDecision } = adult;
    const { dependentChildren: _c, ...noChildren } = adult;
    for (const facts of [noBirth, noRate, noResources, noDecision, noChildren])
      expect(aah(facts, '2025-06-01').outcome).toBe('unknown');
    // 50–79 % without the commission's view on the RSDAE; 18 without the family-benefits status.
    expect(
      aah({ ...adult, incapacityRate: 60, substantialEmploymentRestriction: null }, '2025-06-01')
        .outcome,
    ).toBe('unknown');
    expect(aah({ ...adult, birthDate: '2007-01-01' }, '2025-06-01').outcome).toBe('unknown');
    // Resources of another year than N-2.
    expect(aah({ ...adult, resourcesYear: 2024 }, '2025-06-01').outcome).toBe('unknown');
  });

  it('reads unknown earnings conservatively: a floor, unknown only when the abatement could decide', () => {
    const { annualEarningsCents: _e, ...noEarnings } = adult;
    const low = aah({ ...noEarnings, annualResourcesCents: 5000_00 }, '2025-06-01');
    expect(low).toMatchObject({
      outcome: 'eligible',
      estimatedMonthlyCents: Math.round((1239984 - 500000) / 12),
    });
    expect(low.caveats.join(' ')).toMatch(/minimum/);
    expect(aah({ ...noEarnings, annualResourcesCents: 15000_00 }, '2025-06-01').outcome).toBe(
      'unknown',
    );
    expect(aah({ ...noEarnings, annualResourcesCents: 30000_00 }, '2025-06-01').outcome).toBe(
      'not-eligible',
    );
    // The same 15 000 € known to be a pension: refused.
    expect(aah({ ...adult, annualResourcesCents: 15000_00 }, '2025-06-01').outcome).toBe(
      'not-eligible',
    );
  });

  it('checks the recognition period, the age limits and, under 80 %, the retirement age', () => {
    expect(aah({ ...adult, recognitionEnd: '2025-05-31' }, '2025-06-01').outcome).toBe(
      'not-eligible',
    );
    expect(aah({ ...adult, recognitionStart: '2025-07-01' }, '2025-06-01').outcome).toBe(
      'not-eligible',
    );
    expect(aah({ ...adult, recognitionEnd: '2025-06-01' }, '2025-06-01').outcome).toBe('eligible');
    // R821-1: 16 once no longer a dependent child for family benefits, else 20.
    const young = { ...adult, birthDate: '2008-01-01' };
    expect(aah({ ...young, dependentChildForFamilyBenefits: false }, '2025-06-01').outcome).toBe(
      'eligible',
    );
    expect(aah({ ...young, dependentChildForFamilyBenefits: true }, '2025-06-01').outcome).toBe(
      'not-eligible',
    );
    expect(
      aah(
        { ...adult, birthDate: '2010-01-01', dependentChildForFamilyBenefits: false },
        '2025-06-01',
      ).outcome,
    ).toBe('not-eligible');
    const partial = { ...adult, incapacityRate: 60, substantialEmploymentRestriction: true };
    expect(aah({ ...partial, birthDate: '1964-01-01' }, '2025-06-01').outcome).toBe('eligible');
    expect(aah({ ...partial, birthDate: '1962-01-01' }, '2025-06-01').outcome).toBe('unknown');
    expect(aah({ ...adult, birthDate: '1950-01-01' }, '2025-06-01').outcome).toBe('eligible');
  });

  it('uses only the applicant’s own resources since 1 October 2023, whatever the couple', () => {
    const inCouple = { ...adult, inCouple: true };
    expect(aah(inCouple, '2023-09-30').outcome).toBe('unknown');
    const october = aah(inCouple, '2023-10-01');
    expect(october.outcome).toBe('eligible');
    expect(condition(october, 'aah.single-applicant')).toBeUndefined();
  });

  it('without any CDAPH decision stated by the MDPH: not eligible now, with how to apply (R821-7)', () => {
    const { recognitionStart: _s, recognitionEnd: _e, incapacityRate: _r, ...noDecision } = adult;
    const none = { statedOn: '2025-05-01', decisionInForce: false, requestPending: false };
    const d = aah({ ...noDecision, aahFile: none }, '2025-06-01');
    expect(d.outcome).toBe('not-eligible');
    expect(condition(d, 'aah.cdaph-decision')).toMatchObject({
      outcome: 'not-eligible',
      facts: { decisionInForce: false, requestPending: false, statedOn: '2025-05-01' },
    });
    // The disability conditions do not apply: Relais never guesses a rate.
    expect(condition(d, 'aah.incapacity-rate')).toBeUndefined();
    expect(condition(d, 'aah.resources-under-ceiling')?.facts['estimate']).toBeNull();
    expect(d.caveats[0]).toMatch(/apply to the MDPH.*cerfa 15692/);
    // A request pending, or a decision in force whose details were not delivered: unknown.
    for (const file of [
      { ...none, requestPending: true },
      { ...none, decisionInForce: true },
    ])
      expect(aah({ ...noDecision, aahFile: file }, '2025-06-01').outcome).toBe('unknown');
    // Nothing stated by the MDPH: unknown, as before.
    expect(aah(noDecision, '2025-06-01').outcome).toBe('unknown');
    // A decision Relais holds wins over a statement.
    expect(aah({ ...adult, aahFile: none }, '2025-06-01').outcome).toBe('eligible');
  });
});
