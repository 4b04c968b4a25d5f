// ARS: published cases — OpenFisca-France tests/formulas/ars.yaml (rentrée 2025), the arrêtés'
// ceilings and the CAF amounts as republished (docs/rules/allocation-de-rentree-scolaire.md §2–6).
import { describe, expect, it } from 'vitest';
import { ars, schoolAge } from '../src/domain/rules/ars.ts';

const kids = (...birthDates: string[]) => birthDates.map((birthDate) => ({ birthDate }));

describe('ARS', () => {
  // [source, rentrée, children, ceiling €]: at the ceiling eligible, 1 € above not.
  it.each([
    ['arrêté du 21/12/2022 art. 3, totals in centrepresseaveyron.fr / rtl.fr', 2023, 1, 25775],
    ['arrêté du 21/12/2022 art. 3, totals in centrepresseaveyron.fr / rtl.fr', 2023, 2, 31723],
    ['arrêté du 21/12/2022 art. 3, totals in centrepresseaveyron.fr / rtl.fr', 2023, 3, 37671],
    ['arrêté du 21/12/2022 art. 3, totals in centrepresseaveyron.fr / rtl.fr', 2023, 4, 43619],
    ['arrêté du 22/12/2023 art. 3, totals in tf1info.fr', 2024, 1, 27141],
    ['arrêté du 22/12/2023 art. 3, totals in tf1info.fr', 2024, 2, 33404],
    ['arrêté du 22/12/2023 art. 3, totals in tf1info.fr', 2024, 4, 45930],
    ['arrêté du 20/12/2024 art. 3 (juriblio.fr), totals in linfo.re', 2025, 1, 28444],
    ['arrêté du 20/12/2024 art. 3 (juriblio.fr), totals in linfo.re', 2025, 3, 41572],
    ['arrêté du 20/12/2024 art. 3 (juriblio.fr), totals in linfo.re', 2025, 4, 48136],
  ])('published: %s — rentrée %i, %i child(ren): ceiling %i €', (_source, year, n, ceiling) => {
    const children = Array.from({ length: n }, () => ({ birthDate: `${year - 8}-05-01` }));
    const at = ars({ children, annualIncomeCents: ceiling * 100 }, year);
    const over = ars({ children, annualIncomeCents: ceiling * 100 + 100 }, year);
    expect(at.outcome).toBe('eligible');
    expect(over.outcome).toBe('not-eligible');
  });

  // openfisca-france tests/formulas/ars.yaml (rentrée 2025, resources of 2023, one parent born
  // 1985-04-12, margin 0.02 €; amounts net of CRDS, as service-public.gouv.fr A16342 publishes).
  it.each([
    ['un enfant de 8 ans au 31/12, montant de la 1ère tranche d’âge', '2017-05-10', 25000, 42348],
    ['un enfant de 12 ans au 31/12, montant de la 2ème tranche d’âge', '2013-05-10', 25000, 44685],
    ['un enfant de 16 ans au 31/12, montant de la 3ème tranche d’âge', '2009-05-10', 25000, 46232],
    ['ressources égales au plafond d’un enfant à charge, ARS entière', '2017-05-10', 28444, 42348],
  ])(
    'published: openfisca-france tests/formulas/ars.yaml — "ARS 2025 - %s"',
    (_name, birthDate, income, cents) => {
      const d = ars(
        { children: [{ birthDate }], annualIncomeCents: income * 100, incomeYear: 2023 },
        2025,
      );
      expect(d.outcome).toBe('eligible');
      expect(d.estimatedYearlyCents).toBe(cents);
    },
  );

  it('published: openfisca-france tests/formulas/ars.yaml — "ARS 2025 - enfant de 5 ans au 31/12, pas de droit à l’ARS"', () => {
    const d = ars(
      { children: [{ birthDate: '2020-05-10' }], annualIncomeCents: 25000_00, incomeYear: 2023 },
      2025,
    );
    expect(d.outcome).toBe('not-eligible');
    expect(d.estimatedYearlyCents).toBeUndefined();
  });

  it('published: service-public.gouv.fr A16342 — 2025 amounts by age band, 423.48 / 446.85 / 462.32 €', () => {
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

  it('published: CAF amounts as republished (commentcamarche.net 2024: 416.40; francetvinfo.fr 2023: 398.09) — each in its own year', () => {
    expect(
      ars({ children: kids('2017-03-01'), annualIncomeCents: 1_00 }, 2024).estimatedYearlyCents,
    ).toBe(41640);
    expect(
      ars({ children: kids('2016-03-01'), annualIncomeCents: 1_00 }, 2023).estimatedYearlyCents,
    ).toBe(39809);
  });

  // Rentrée 2026 (income of 2024): base 22 274 € + 30 % per child (instruction DSS/2B/2025/177
  // of 18/12/2025; openfisca-france 176.1.8 plafond_ressources.yaml @2026-01-01); the CAF's
  // totals as republished: 28 956 € for one child, 35 638 € for two (infooutremer.fr).
  it.each([
    [1, 28956],
    [2, 35638],
  ])(
    'published: instruction DSS/2B/2025/177 (openfisca-france plafond_ressources.yaml @2026-01-01) — rentrée 2026, %i child(ren): ceiling %i €',
    (n, ceiling) => {
      const children = Array.from({ length: n }, () => ({ birthDate: '2018-05-01' }));
      expect(ars({ children, annualIncomeCents: ceiling * 100 }, 2026).outcome).toBe('eligible');
      expect(ars({ children, annualIncomeCents: ceiling * 100 + 100 }, 2026).outcome).toBe(
        'not-eligible',
      );
    },
  );

  it('rentrée 2026: one child and income between the 2025 and 2026 ceilings is eligible, at the BMAF of 1 April 2026', () => {
    const d = ars({ children: kids('2018-05-01'), annualIncomeCents: 28_700_00 }, 2026);
    expect(d.outcome).toBe('eligible');
    // 478.16 € (instruction DSS/2B/2026/46) × 89.72 % × (1 − 0.5 % CRDS).
    expect(d.estimatedYearlyCents).toBe(42686);
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
