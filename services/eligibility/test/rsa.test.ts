// RSA: published cases (OpenFisca-France tests, docs/rules/rsa.md §8) and dated parameters.
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

  // openfisca-france tests/rsa.yaml "RSA Cas N°1" (2018-05): couple, AL 200, salaries 100 + 67 → 527.18
  it('Cas N°1 — couple, housing aid above the forfait', () => {
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

  // tests/rsa.yaml "RSA Cas N°2" (2018-05): couple + 1 child, AL 250, salaries 167 → 661.05
  it('Cas N°2 — couple and a child', () => {
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

  // tests/rsa.yaml "RSA Cas N°6" (2018-05): single, AL 80 (forfait 66.11), salary 134 → 350.82
  it('Cas N°6 — single, forfait capped below the housing aid', () => {
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

  // tests/rsa.yaml "RSA Cas N°5" (2018-05) without the jeune condition = "Cas Non Passant N°4": 23 years old → 0
  it('Cas Non Passant N°4 — under 25 without a child', () => {
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

  // tests/rsa.yaml "RSA Cas Non Passant N°1" (2018-05): couple, AL 340, salaries 340 + 360 → 0
  it('Cas Non Passant N°1 — resources above the amount', () => {
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

  // tests/rsa_celibataire.yaml "salaire_net = 0" (2014-01): owner, no income → 439.39
  it('célibataire propriétaire sans revenu, 2014', () => {
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

  // tests/rsa_couple.yaml "salaire_net = [0, 0]" (2014-01): couple of owners → 629.13
  it('couple propriétaire sans revenu, 2014', () => {
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

  it('applies a revaluation from its date only, and says what it used', () => {
    const facts = {
      adults: [{ birthDate: '1980-01-01' }],
      children: 0,
      monthlyResourcesCents: 0,
      housing: 'tenant-without-aid' as const,
    };
    expect(euros(rsa(facts, '2025-03-31').estimatedMonthlyCents)).toBe(635.71);
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

  it('is unknown, not refused, when resources are not known', () => {
    expect(rsa({ adults: [{ birthDate: '1980-01-01' }], children: 0 }, '2025-05-01').outcome).toBe(
      'unknown',
    );
  });
});
