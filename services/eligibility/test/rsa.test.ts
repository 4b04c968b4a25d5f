// RSA: published cases (OpenFisca-France tests/formulas/rsa/*.yaml, docs/rules/rsa.md §8) and
// dated parameters. Resources are the 3-month average OpenFisca computes, family benefits included.
import { describe, expect, it } from 'vitest';
import { householdCoefficient, rsa } from '../src/domain/rules/rsa.ts';

const euros = (cents: number | undefined): number => (cents ?? 0) / 100;

describe('RSA', () => {
  it('has the R262-1 household coefficients', () => {
    expect(householdCoefficient(1, 0)).toBe(1);
    expect(householdCoefficient(1, 1)).toBe(1.5);
    expect(householdCoefficient(2, 0)).toBe(1.5);
    expect(householdCoefficient(1, 2)).toBe(1.8);
    expect(householdCoefficient(2, 1)).toBe(1.8);
    expect(householdCoefficient(2, 2)).toBe(2.1);
    expect(householdCoefficient(1, 3)).toBe(2.2);
    expect(householdCoefficient(2, 3)).toBe(2.5);
  });

  // Couple, AL 200, salaries 100 + 67 → 527.18
  it('published: openfisca-france tests/formulas/rsa/rsa.yaml — "RSA Cas N°1" (2018-05): couple, housing aid above the forfait, 527.18', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1980-01-01' }, { birthDate: '1982-01-01' }],
        children: 0,
        monthlyResourcesCents: 16700,
        housing: 'tenant-with-aid',
        housingAidCents: 20000,
      },
      '2018-05-01',
    );
    expect(d.outcome).toBe('eligible');
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(527.18, 1);
  });

  // Couple + 1 child, AL 250, salaries 167 → 661.05
  it('published: openfisca-france rsa/rsa.yaml — "RSA Cas N°2" (2018-05): couple and a child, 661.05', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1980-01-01' }, { birthDate: '1982-01-01' }],
        children: 1,
        monthlyResourcesCents: 16700,
        housing: 'tenant-with-aid',
        housingAidCents: 25000,
      },
      '2018-05-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(661.05, 1);
  });

  // Single, AL 80 (forfait 66.11), salary 134 → 350.82
  it('published: openfisca-france rsa/rsa.yaml — "RSA Cas N°6" (2018-05): single, forfait capped below the housing aid, 350.82', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1980-01-01' }],
        children: 0,
        monthlyResourcesCents: 13400,
        housing: 'tenant-with-aid',
        housingAidCents: 8000,
      },
      '2018-05-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(350.82, 1);
  });

  // "RSA Cas N°5" without the jeune condition: 23 years old → 0
  it('published: openfisca-france rsa/rsa.yaml — "RSA Cas Non Passant N°4" (2018-05): under 25 without a child, 0', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1995-01-01' }],
        children: 0,
        monthlyResourcesCents: 13400,
        housing: 'tenant-with-aid',
        housingAidCents: 5000,
      },
      '2018-05-01',
    );
    expect(d.outcome).toBe('not-eligible');
  });

  // Couple, AL 340, salaries 340 + 360 → 0
  it('published: openfisca-france rsa/rsa.yaml — "RSA Cas Non Passant N°1" (2018-05): resources above the amount, 0', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1980-01-01' }, { birthDate: '1982-01-01' }],
        children: 0,
        monthlyResourcesCents: 70000,
        housing: 'tenant-with-aid',
        housingAidCents: 34000,
      },
      '2018-05-01',
    );
    expect(d.outcome).toBe('not-eligible');
  });

  // Owner, no income → forfait logement 59.92, 439.39
  it('published: openfisca-france rsa/rsa_celibataire.yaml — "RSA célibataire, salaire_net = 0" (2014-01): 439.39', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1985-01-01' }],
        children: 0,
        monthlyResourcesCents: 0,
        housing: 'owner',
      },
      '2014-01-15',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(439.39, 1);
  });

  // Couple of owners → forfait logement 119.83, 629.13
  it('published: openfisca-france rsa/rsa_couple.yaml — "RSA couple, salaire_net = [0, 0]" (2014-01): 629.13', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1985-01-01' }, { birthDate: '1985-01-01' }],
        children: 0,
        monthlyResourcesCents: 0,
        housing: 'owner',
      },
      '2014-01-15',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(629.13, 1);
  });

  // Couple + 2 children, AL 300, salaries 167 and allocations familiales 131.16 → 695.17
  it('published: openfisca-france rsa/rsa.yaml — "RSA Cas N°3" (2018-05): family benefits as resources, 695.17', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1980-01-01' }, { birthDate: '1982-01-01' }],
        children: 2,
        monthlyResourcesCents: 16700 + 13116,
        housing: 'tenant-with-aid',
        housingAidCents: 30000,
      },
      '2018-05-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(695.17, 1);
  });

  // No housing status in the case, so no forfait logement: read as a tenant without aid.
  it('published: openfisca-france rsa/rsa_celibataire.yaml — "Revalorisation septembre 2016" (2016-10): 535.17', () => {
    const d = rsa(
      {
        adults: [{ birthDate: '1976-01-01' }],
        children: 0,
        monthlyResourcesCents: 0,
        housing: 'tenant-without-aid',
      },
      '2016-10-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(535.17, 1);
  });

  // rsa_2019_07.yaml "Calcul RSA pour personne seule ou famille monoparentale (excluant RSA
  // jeune)": 40 years old, tenant; salaries of April–June 2019 averaged; ASF, AF, CF added.
  const single2019 = (children: number, monthlyResourcesCents: number, housingAidCents: number) =>
    rsa(
      {
        adults: [{ birthDate: '1979-01-01' }],
        children,
        monthlyResourcesCents,
        housing: 'tenant-with-aid',
        housingAidCents,
      },
      '2019-07-01',
    );

  it('published: openfisca-france rsa/rsa_2019_07.yaml — "Cas n°3" (2019-07): single, AL 80, salaries 300/200/100, 292.58', () => {
    expect(euros(single2019(0, 20000, 8000).estimatedMonthlyCents)).toBeCloseTo(292.58, 1);
  });

  it('published: openfisca-france rsa/rsa_2019_07.yaml — "Cas n°4" (2019-07): single, salaries 700/500/500, 0', () => {
    expect(single2019(0, 56667, 8000).outcome).toBe('not-eligible');
  });

  it('published: openfisca-france rsa/rsa_2019_07.yaml — "Cas n°7" (2019-07): parent + 2 children, resources 768.13, 73.16', () => {
    // 450 salary + 185.922 ASF + 132.2112 AF; socle 1 007.532; forfait logement 166.24
    expect(euros(single2019(2, 76813, 20000).estimatedMonthlyCents)).toBeCloseTo(73.16, 1);
  });

  it('published: openfisca-france rsa/rsa_2019_07.yaml — "Cas n°9" (2019-07): parent + 3 children, resources 952.57, 112.61', () => {
    // 200 salary + 278.883 ASF + 301.61 AF + 172.08 CF; socle 1 231.428 (coefficient 2.2)
    expect(euros(single2019(3, 95257, 20000).estimatedMonthlyCents)).toBeCloseTo(112.61, 1);
  });

  it('published: openfisca-france rsa/rsa_2019_07.yaml — "Cas n°10" (2019-07): parent + 3 children, resources 1 152.57, 0', () => {
    expect(single2019(3, 115257, 20000).outcome).toBe('not-eligible');
  });

  it('applies a revaluation from its date only, and says what it used', () => {
    const facts = {
      adults: [{ birthDate: '1980-01-01' }],
      children: 0,
      monthlyResourcesCents: 0,
      housing: 'tenant-without-aid' as const,
    };
    expect(euros(rsa(facts, '2025-03-31').estimatedMonthlyCents)).toBe(635.71);
    // Every revaluation is dated: 2019–2021 are not the 2018 amount (a gap fixed in rsa-2025.1).
    expect(euros(rsa(facts, '2019-03-31').estimatedMonthlyCents)).toBe(550.93);
    expect(euros(rsa(facts, '2021-04-01').estimatedMonthlyCents)).toBe(565.34);
    const april = rsa(facts, '2025-04-01');
    expect(euros(april.estimatedMonthlyCents)).toBe(646.52);
    const used = april.conditions
      .flatMap((c) => c.parameters)
      .find((p) => p.id === 'rsa.montant_forfaitaire');
    expect(used).toMatchObject({
      value: 64652,
      from: '2025-04-01',
      source: expect.stringContaining('2025-293'),
    });
  });

  it('published: Décret n° 2026-220 du 30 mars 2026 — one person without resources, 651.69 € from 1 April 2026', () => {
    const facts = {
      adults: [{ birthDate: '1980-01-01' }],
      children: 0,
      monthlyResourcesCents: 0,
      housing: 'tenant-without-aid' as const,
    };
    expect(euros(rsa(facts, '2026-03-31').estimatedMonthlyCents)).toBe(646.52);
    const april = rsa(facts, '2026-04-01');
    expect(euros(april.estimatedMonthlyCents)).toBe(651.69);
    expect(
      april.conditions.flatMap((c) => c.parameters).find((p) => p.id === 'rsa.montant_forfaitaire'),
    ).toMatchObject({
      value: 65169,
      from: '2026-04-01',
      source: expect.stringContaining('2026-220'),
    });
    // Housed free: the forfait logement of one person is 12 % of 651.69 = 78.20 €.
    expect(euros(rsa({ ...facts, housing: 'free' }, '2026-11-22').estimatedMonthlyCents)).toBe(
      573.49,
    );
  });

  it('is unknown, not refused, when resources are not known', () => {
    expect(rsa({ adults: [{ birthDate: '1980-01-01' }], children: 0 }, '2025-05-01').outcome).toBe(
      'unknown',
    );
  });

  it('majorates the montant forfaitaire of an isolated parent whose youngest child is under 3 (CASF L262-9, R262-1: 128.412 % + 42.804 % per child)', () => {
    const facts = {
      adults: [{ birthDate: '1995-01-01' }],
      children: 1,
      monthlyResourcesCents: 0,
      housing: 'tenant-without-aid' as const,
    };
    // 651.69 € × 1.71216 = 1 115.80 € from 1 April 2026.
    const baby = rsa({ ...facts, youngestChildBirthDate: '2025-10-01' }, '2026-05-01');
    expect(baby.estimatedMonthlyCents).toBe(Math.round(65_169 * 1.71216));
    const older = rsa({ ...facts, youngestChildBirthDate: '2020-10-01' }, '2026-05-01');
    expect(older.estimatedMonthlyCents).toBe(Math.round(65_169 * 1.5));
  });
});
