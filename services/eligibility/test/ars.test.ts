// ARS: the published ceilings and amounts (docs/rules/allocation-de-rentree-scolaire.md §2–4).
import { describe, expect, it } from 'vitest';
import { ars, schoolAge } from '../src/domain/rules/ars.ts';

const kids = (...birthDates: string[]) => birthDates.map((birthDate) => ({ birthDate }));

describe('ARS', () => {
  // Ceilings for 1, 2, 3, 4 children: 2023 25,775 / 31,723 / 37,671 / 43,619; 2024 27,141 / 33,404 …; 2025 … 48,136
  it.each([
    [2023, 1, 25775],
    [2023, 2, 31723],
    [2023, 3, 37671],
    [2023, 4, 43619],
    [2024, 1, 27141],
    [2024, 2, 33404],
    [2024, 4, 45930],
    [2025, 1, 28444],
    [2025, 3, 41572],
    [2025, 4, 48136],
  ])('rentrée %i, %i child(ren): ceiling %i €', (year, n, ceiling) => {
    const children = Array.from({ length: n }, () => ({ birthDate: `${year - 8}-05-01` }));
    const at = ars({ children, annualIncomeCents: ceiling * 100 }, year);
    const over = ars({ children, annualIncomeCents: ceiling * 100 + 100 }, year);
    expect(at.outcome).toBe('eligible');
    expect(over.outcome).toBe('not-eligible');
  });

  it('pays the 2025 amounts by age band: 423.48 / 446.85 / 462.32 €', () => {
    const d = ars(
      {
        children: kids('2018-03-01', '2013-06-01', '2009-10-01'),
        annualIncomeCents: 30_000_00,
        incomeYear: 2023,
      },
      2025,
    );
    expect(d.outcome).toBe('eligible');
    expect(d.estimatedYearlyCents).toBe(42348 + 44685 + 46232);
  });

  it('pays the 2024 and 2023 amounts in their own years', () => {
    expect(
      ars({ children: kids('2017-03-01'), annualIncomeCents: 1_00 }, 2024).estimatedYearlyCents,
    ).toBe(41640);
    expect(
      ars({ children: kids('2016-03-01'), annualIncomeCents: 1_00 }, 2023).estimatedYearlyCents,
    ).toBe(39809);
  });

  it('follows R543-2 age limits: 6 before 1 February next year, under 18 on 15 September', () => {
    expect(schoolAge('2020-01-31', 2025)).toBe('primary');
    expect(schoolAge('2020-02-01', 2025)).toBeUndefined();
    expect(schoolAge('2007-09-16', 2025)).toBe('high');
    expect(schoolAge('2007-09-15', 2025)).toBeUndefined();
    expect(schoolAge('2014-12-31', 2025)).toBe('middle');
  });

  it('is unknown without the income, or with income of another year than N-2', () => {
    expect(ars({ children: kids('2015-01-01') }, 2025).outcome).toBe('unknown');
    expect(
      ars({ children: kids('2015-01-01'), annualIncomeCents: 1_00, incomeYear: 2024 }, 2025)
        .outcome,
    ).toBe('unknown');
    expect(ars({ children: kids('2024-01-01'), annualIncomeCents: 1_00 }, 2025).outcome).toBe(
      'not-eligible',
    );
  });
});
