// ASPA: published cases — the CNAV's yearly circulars (maximum and ceiling, single person and
// couple), as openfisca-france 176.1.8 cites them in minimum_vieillesse/aspa/*.yaml; the
// differential amount of CSS L815-9 (docs/rules/aspa.md).
import { describe, expect, it } from 'vitest';
import { aspa } from '../src/domain/rules/aspa.ts';
import { rsa } from '../src/domain/rules/rsa.ts';

const aged = (birthDate: string) => ({ birthDate });

describe('ASPA', () => {
  it.each([
    ['Circulaire Cnav 2025-29 du 22/12/2025 p. 8', '2026-03-01', 1, 104_360], // 12 523.14 / 12
    ['Circulaire Cnav 2025-29 du 22/12/2025 p. 8', '2026-03-01', 2, 162_018], // 19 442.21 / 12
    ['Circulaire Cnav 2024-39 du 23/12/2024 p. 9', '2025-03-01', 1, 103_429], // 12 411.44 / 12
    ['Circulaire Cnav 2024-39 du 23/12/2024 p. 9', '2025-03-01', 2, 160_573], // 19 268.80 / 12
    ['Circulaire Cnav 2023-34 du 29/12/2023 p. 10', '2024-03-01', 2, 157_117], // 18 854.02 / 12
  ])(
    'published: %s — on %s, %i adult(s) of 70 without resources: the full monthly amount',
    (_source, on, adults, monthly) => {
      const d = aspa(
        {
          adults: Array.from({ length: adults }, () => aged('1955-06-01')),
          annualResourcesCents: 0,
        },
        on,
      );
      expect(d.outcome).toBe('eligible');
      expect(d.estimatedMonthlyCents).toBe(monthly);
    },
  );

  it('published: Circulaire Cnav 2025-29 p. 9 (ceiling 12 523.14 €) — differential: a pension of 700 € a month leaves 343.60 €; at the ceiling, nothing', () => {
    const pension = aspa(
      { adults: [aged('1950-01-01')], annualResourcesCents: 840_000 },
      '2026-03-01',
    );
    expect(pension.estimatedMonthlyCents).toBe(34_360);
    const atCeiling = aspa(
      { adults: [aged('1950-01-01')], annualResourcesCents: 1_252_314 },
      '2026-03-01',
    );
    expect(atCeiling.outcome).toBe('not-eligible');
  });

  // openfisca-france tests/formulas/aspa.yaml (commit 91869a5d2), 2018-04: resources are
  // asi_aspa_base_ressources_individu × 12 (monthly amounts of the case × 12).
  it('published: openfisca-france aspa.yaml "ASPA - Cas N°5" (2018-04) — 62, unfit for work, resources 750 €/month: 83.20', () => {
    const d = aspa(
      { adults: [{ birthDate: '1956-03-12', unfitForWork: true }], annualResourcesCents: 900_000 },
      '2018-04-01',
    );
    expect(d.outcome).toBe('eligible');
    expect(d.estimatedMonthlyCents).toBe(8_320);
    // The same person not recognised unfit: 65 applies.
    expect(
      aspa({ adults: [aged('1956-03-12')], annualResourcesCents: 900_000 }, '2018-04-01').outcome,
    ).toBe('not-eligible');
  });

  it('published: openfisca-france aspa.yaml "ASPA - Cas N°6" (2018-04) — couple, 65 and 62 unfit, resources 1 075 €/month: 109.27 × 2', () => {
    const d = aspa(
      {
        adults: [aged('1953-03-12'), { birthDate: '1956-01-15', unfitForWork: true }],
        annualResourcesCents: 1_290_000,
      },
      '2018-04-01',
    );
    expect(d.estimatedMonthlyCents).toBe(21_855); // 218.54 (OF 109.27 × 2, margin 0.02)
    expect(d.conditions[0]?.facts).toMatchObject({ agedAdults: 2, unfitForWork: true });
  });

  it('from 62 only when recognised unfit: the age of R815-1 and its source in the explanation', () => {
    const unfit = { birthDate: '1964-01-01', unfitForWork: true };
    const d = aspa({ adults: [unfit], annualResourcesCents: 0 }, '2026-03-01');
    expect(d.outcome).toBe('eligible');
    expect(d.conditions[0]?.parameters.map((p) => p.id)).toContain('aspa.age_inaptitude');
    expect(
      aspa(
        { adults: [{ ...unfit, birthDate: '1965-01-01' }], annualResourcesCents: 0 },
        '2026-03-01',
      ).outcome,
    ).toBe('not-eligible');
  });

  it('is for 65 and over; a couple of whom one alone is 65 gets at most the single amount', () => {
    expect(
      aspa({ adults: [aged('1962-06-01')], annualResourcesCents: 0 }, '2026-03-01').outcome,
    ).toBe('not-eligible');
    const mixed = aspa(
      { adults: [aged('1955-06-01'), aged('1965-06-01')], annualResourcesCents: 0 },
      '2026-03-01',
    );
    expect(mixed.estimatedMonthlyCents).toBe(104_360);
  });

  it('is unknown without the household’s resources, never not-eligible', () => {
    expect(aspa({ adults: [aged('1950-01-01')] }, '2026-03-01').outcome).toBe('unknown');
  });

  it('comes before the RSA (CASF L262-10): counted as a resource, it leaves no RSA', () => {
    const d = rsa(
      {
        adults: [aged('1958-01-01')],
        children: 0,
        monthlyResourcesCents: 0,
        housing: 'tenant-without-aid',
        aspaMonthlyCents: 104_360,
      },
      '2026-05-01',
    );
    expect(d.outcome).toBe('not-eligible');
    expect(d.caveats.join(' ')).toContain('ASPA');
  });
});
