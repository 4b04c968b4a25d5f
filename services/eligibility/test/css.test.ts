// CSS: published cases — OpenFisca-France tests/formulas/complementaire_sante_solidaire.yaml and
// the annual arrêtés' ceiling tables as republished (docs/rules/complementaire-sante-solidaire.md
// §2, §6), reproduced within 1 € (the arrêtés round from an unrounded base) — and decisions.
import { describe, expect, it } from 'vitest';
import { css, cssCeilings } from '../src/domain/rules/css.ts';

const euros = (cents: number | undefined): number => Math.floor((cents ?? 0) / 100);

describe('CSS ceilings', () => {
  // [source, date, persons, free, with contribution] — metropolitan France
  const table: Array<[string, string, number, number, number]> = [
    ['quechoisir.org, "applicable au 1er avril 2020"', '2020-04-01', 1, 9032, 12193],
    ['quechoisir.org, "applicable au 1er avril 2020"', '2020-04-01', 2, 13547, 18289],
    ['quechoisir.org, "applicable au 1er avril 2020"', '2020-04-01', 4, 18966, 25604],
    ['linternaute.fr, ceilings from 1 April 2021', '2021-04-01', 1, 9041, 12205],
    ['linternaute.fr, ceilings from 1 April 2021', '2021-04-01', 3, 16273, 21969],
    ['Lefebvre Dalloz table 1-4-2023 (cab-apparailly.com)', '2023-04-01', 1, 9719, 13120],
    ['Lefebvre Dalloz table 1-4-2023 (cab-apparailly.com)', '2023-04-01', 2, 14578, 19680],
    ['Lefebvre Dalloz table 1-4-2023 (cab-apparailly.com)', '2023-04-01', 3, 17494, 23616],
    ['Lefebvre Dalloz table 1-4-2023 (cab-apparailly.com)', '2023-04-01', 4, 20409, 27553],
    ['quechoisir.org, "applicable jusqu’au 31 mars 2025"', '2024-04-01', 1, 10166, 13724],
    ['quechoisir.org, "applicable jusqu’au 31 mars 2025"', '2024-04-01', 2, 15249, 20586],
    ['quechoisir.org, "applicable jusqu’au 31 mars 2025"', '2024-04-01', 4, 21348, 28820],
    ['efl.fr, "applicables du 1-4-2025 au 1-4-2026"', '2025-04-01', 1, 10339, 13957],
    ['efl.fr, "applicables du 1-4-2025 au 1-4-2026"', '2025-04-01', 3, 18609, 25123],
    ['efl.fr, "applicables du 1-4-2025 au 1-4-2026"', '2025-04-01', 4, 21711, 29311],
  ];
  it.each(table)(
    'published: %s — on %s for %i person(s): %i € free, %i € with contribution',
    (_source, on, persons, free, paid) => {
      const c = cssCeilings(persons, 'metropole', on)!;
      expect(Math.abs(euros(c.free) - free)).toBeLessThanOrEqual(1);
      expect(Math.abs(euros(c.withContribution) - paid)).toBeLessThanOrEqual(1);
    },
  );

  // openfisca-france tests/formulas/complementaire_sante_solidaire.yaml (2019-11, relative
  // margin 1 %): "CSS: Plafond CMU/ACS pour une personne seule", "… pour deux personnes",
  // "… pour cinq personnes".
  it.each([
    [1, 8950.96, 12083.81],
    [2, 13426.44, 18125.69],
    [5, 22377.4, 30209.49],
  ])(
    'published: openfisca-france complementaire_sante_solidaire.yaml — "CSS: Plafond CMU / ACS" (2019-11), %i person(s): %f / %f',
    (persons, free, paid) => {
      const c = cssCeilings(persons, 'metropole', '2019-11-01')!;
      expect(Math.abs(c.free / 100 / free - 1)).toBeLessThan(0.01);
      expect(Math.abs(c.withContribution / 100 / paid - 1)).toBeLessThan(0.01);
    },
  );

  it('published: quechoisir.org DOM table "applicable jusqu’au 31 mars 2025" — 11.3 % higher overseas, 11 315 € / 15 275 € for one person', () => {
    const c = cssCeilings(1, 'dom', '2024-06-01')!;
    expect(Math.abs(c.free / 100 - 11315)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.withContribution / 100 - 15275)).toBeLessThanOrEqual(1);
  });

  it('apply the new ceiling from 1 April only', () => {
    expect(euros(cssCeilings(1, 'metropole', '2025-03-31')!.free)).toBe(10166);
    expect(euros(cssCeilings(1, 'metropole', '2025-04-01')!.free)).toBe(10339);
    // The CSS starts on 1 November 2019: no ceiling before.
    expect(cssCeilings(1, 'metropole', '2019-10-31')).toBeUndefined();
  });
});

// openfisca-france tests/formulas/complementaire_sante_solidaire.yaml "CSS: Montant de cotisation
// CSS …, hors régime Alsace Moselle" (2019-11): resources between the two ceilings, the
// contribution by age (the rule reads ages on 1 January, OpenFisca in the month: same bands here).
describe('CSS contributions — published cases', () => {
  const at = (birthDates: string[], resources: number) =>
    css(
      {
        members: birthDates.map((birthDate) => ({ birthDate })),
        annualResourcesCents: resources,
        territory: 'metropole',
      },
      '2019-11-01',
    );
  it.each([
    ['d’une personne dans la tranche 30 à 49 ans', ['1973-05-01'], 10_000_00, 1400],
    [
      'de deux personnes dans les tranche 50 à 59 ans et 60 à 69 ans',
      ['1961-01-01', '1951-05-01'],
      14_000_00,
      2100 + 2500,
    ],
    [
      'de cinq personnes dans les tranches moins de 29 ans et 30 à 49 ans',
      ['1994-01-01', '1984-02-01', '2009-07-01', '2015-02-25', '2011-06-01'],
      24_000_00,
      800 + 1400 + 800 + 800 + 800,
    ],
    [
      'de deux personnes dans les tranche plus de 70 ans et 60 à 69 ans',
      ['1936-10-26', '1951-05-01'],
      14_000_00,
      3000 + 2500,
    ],
  ])(
    'published: openfisca-france complementaire_sante_solidaire.yaml — "Montant de cotisation CSS %s, hors régime Alsace Moselle"',
    (_name, birthDates, resources, contribution) => {
      expect(at(birthDates, resources)).toMatchObject({
        outcome: 'eligible',
        variant: 'with-contribution',
        estimatedMonthlyCents: -contribution,
      });
    },
  );
});

describe('CSS decisions', () => {
  const couple = [{ birthDate: '1985-03-01' }, { birthDate: '1952-06-01' }];
  it('free under the ceiling, explained', () => {
    const d = css(
      { members: couple, annualResourcesCents: 14_000_00, territory: 'metropole' },
      '2025-05-01',
    );
    expect(d).toMatchObject({ outcome: 'eligible', variant: 'free' });
    expect(d.conditions[0]?.parameters.find((p) => p.id === 'css.plafond_base')).toMatchObject({
      value: 1033900,
      from: '2025-04-01',
    });
  });

  it('with a contribution by age between the ceilings (8 € at 29 or under … 30 € at 70 and over)', () => {
    const d = css(
      { members: couple, annualResourcesCents: 18_000_00, territory: 'metropole' },
      '2025-05-01',
    );
    expect(d).toMatchObject({
      outcome: 'eligible',
      variant: 'with-contribution',
      estimatedMonthlyCents: -(1400 + 3000),
    });
  });

  it('not eligible above both ceilings; unknown without resources or territory', () => {
    expect(
      css(
        { members: couple, annualResourcesCents: 30_000_00, territory: 'metropole' },
        '2025-05-01',
      ).outcome,
    ).toBe('not-eligible');
    expect(css({ members: couple, territory: 'metropole' }, '2025-05-01').outcome).toBe('unknown');
    expect(css({ members: couple, annualResourcesCents: 1_00 }, '2025-05-01').outcome).toBe(
      'unknown',
    );
  });

  it('adds the forfait logement of R861-5 when the housing situation is known (owner, housed free, housing aid)', () => {
    const one = { members: [{ birthDate: '1990-05-14' }], territory: 'metropole' as const };
    // 2026-10-01: 12 × RSA 651.69 € × 12 % = 938.43 € for one owner (OF css/forfait_logement_sans_al).
    const owner = css({ ...one, annualResourcesCents: 950_000, housing: 'owner' }, '2026-10-01');
    expect(owner.conditions[0]?.facts).toMatchObject({ forfaitLogement: 93_843 });
    expect(owner.variant).toBe('with-contribution');
    const tenant = css(
      { ...one, annualResourcesCents: 950_000, housing: 'tenant-without-aid' },
      '2026-10-01',
    );
    expect(tenant.variant).toBe('free');
    // With a housing aid: at most the aid paid (12 × 50 € = 600 €).
    const aided = css(
      { ...one, annualResourcesCents: 950_000, housing: 'tenant-with-aid', housingAidCents: 5_000 },
      '2026-10-01',
    );
    expect(aided.conditions[0]?.facts).toMatchObject({ forfaitLogement: 60_000 });
    expect(aided.variant).toBe('free');
  });
});
