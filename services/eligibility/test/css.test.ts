// CSS: the official ceiling tables (docs/rules/complementaire-sante-solidaire.md §2, from the
// annual arrêtés as republished by service-public/ameli) reproduced within 1 €, and decisions.
import { describe, expect, it } from 'vitest';
import { css, cssCeilings } from '../src/domain/rules/css.ts';

const euros = (cents: number | undefined): number => Math.floor((cents ?? 0) / 100);

describe('CSS ceilings', () => {
  // [date, persons, free, with contribution] — metropolitan France
  const table: Array<[string, number, number, number]> = [
    ['2023-04-01', 1, 9719, 13120],
    ['2023-04-01', 2, 14578, 19680],
    ['2023-04-01', 3, 17494, 23616],
    ['2023-04-01', 4, 20409, 27553],
    ['2024-04-01', 1, 10166, 13724],
    ['2024-04-01', 2, 15249, 20586],
    ['2024-04-01', 4, 21348, 28820],
    ['2025-04-01', 1, 10339, 13957],
    ['2025-04-01', 3, 18609, 25123],
    ['2025-04-01', 4, 21711, 29311],
  ];
  it.each(table)(
    'on %s for %i person(s): %i € free, %i € with contribution',
    (on, persons, free, paid) => {
      const c = cssCeilings(persons, 'metropole', on)!;
      expect(Math.abs(euros(c.free) - free)).toBeLessThanOrEqual(1);
      expect(Math.abs(euros(c.withContribution) - paid)).toBeLessThanOrEqual(1);
    },
  );

  it('are 11.3 % higher overseas (2024-04-01: 11,315 € / 15,275 € for one person)', () => {
    const c = cssCeilings(1, 'dom', '2024-06-01')!;
    expect(Math.abs(c.free / 100 - 11315)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.withContribution / 100 - 15275)).toBeLessThanOrEqual(1);
  });

  it('apply the new ceiling from 1 April only', () => {
    expect(euros(cssCeilings(1, 'metropole', '2025-03-31')!.free)).toBe(10166);
    expect(euros(cssCeilings(1, 'metropole', '2025-04-01')!.free)).toBe(10339);
  });
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
});
