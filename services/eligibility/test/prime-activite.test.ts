// Prime d'activité: published cases (OpenFisca-France tests/formulas/ppa/ppa.yaml, commit 0c7050c0,
// and ppa_2019_07.yaml, commit a8a35751; docs/rules/prime-activite.md §9) and dated parameters.
// OpenFisca leaves the housing status unset unless the case gives one: no housing advantage, which
// is `tenant-without-aid` here.
import { describe, expect, it } from 'vitest';
import { valueAt } from '../src/domain/parameters.ts';
import {
  bonificationCents,
  bonificationScale,
  forfaitLogementCents,
  primeActivite,
  type PrimeActiviteFacts,
} from '../src/domain/rules/prime-activite.ts';

const euros = (cents: number | undefined): number => (cents ?? 0) / 100;
const adult = (monthlyEarnedIncomeCents: number, birthDate = '1976-01-01') => ({
  birthDate,
  monthlyEarnedIncomeCents,
});
const single = (earned: number, extra: Partial<PrimeActiviteFacts> = {}): PrimeActiviteFacts => ({
  adults: [adult(earned)],
  children: 0,
  otherMonthlyResourcesCents: 0,
  housing: 'tenant-without-aid',
  ...extra,
});
/** Within the relative margin the OpenFisca case declares. */
const within = (actual: number, expected: number, margin: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * margin);

describe('prime d’activité, OpenFisca-France ppa.yaml (2016-01: MF 524.16, 62 %, bonification max 67)', () => {
  // "PPA personne seule, pas de bonification": 524.16 − 0.38×500 − (524.16 − 500) = 310.00 (±0.005)
  it('personne seule, pas de bonification → 310.00', () => {
    const d = primeActivite(single(500_00), '2016-01-01');
    expect(d.outcome).toBe('eligible');
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(310, 2);
  });

  // "PPA en couple avec 1 enfant, pas de bonification": MF 943.49 (= 524.16 × 1.8) → 310.00
  it('en couple avec 1 enfant, pas de bonification → 310.00', () => {
    const d = primeActivite(
      { ...single(500_00), adults: [adult(500_00), adult(0)], children: 1 },
      '2016-01-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(310, 2);
    expect(d.conditions[1]?.facts.coefficient).toBe(1.8);
  });

  // "PPA en couple avec 3 enfant, pas de bonification": MF 1310.40 (= 524.16 × 2.5) → 310.00
  it('en couple avec 3 enfants → 310.00, coefficient 2.5', () => {
    const d = primeActivite(
      { ...single(0), adults: [adult(0), adult(500_00)], children: 3 },
      '2016-01-01',
    );
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(310, 2);
    expect(d.conditions[1]?.facts.coefficient).toBe(2.5);
  });

  // "PPA personne seule avec revenus bonifiés (>95 Smic horaire brut)": 524.16 + 67 − 0.38×918
  // = 242.32 (relative margin 5 %; the file's comment says 244.21). 918 € is just under 95 × 9.67.
  it('personne seule avec revenus bonifiés → 242.32 within 5 %', () => {
    const d = primeActivite(single(918_00), '2016-01-01');
    within(euros(d.estimatedMonthlyCents), 524.16 + 67 - 0.38 * 918, 0.05);
    within(euros(bonificationCents(918_00, '2016-01-01')), 67, 0.05);
    within(euros(bonificationCents(800_00, '2016-01-01')), 44, 0.05); // "(>59 Smic horaire brut)"
  });

  // "PPA personne en couple avec deux sources de revenus": 786.24 − 0.38 × 1718 + 67 + 44 (5 %)
  it('couple avec deux sources de revenus, two bonifications → 244.40 within 5 %', () => {
    const d = primeActivite({ ...single(0), adults: [adult(918_00), adult(800_00)] }, '2016-01-01');
    within(euros(d.estimatedMonthlyCents), 786.24 - 0.38 * 1718 + 67 + 44, 0.05);
  });

  // "Prise en compte du forfait logement": owner, salary 918 → 244.21 − 62.90 (5 %)
  it('prise en compte du forfait logement (owner) → 179.42 within 5 %', () => {
    const d = primeActivite(single(918_00, { housing: 'owner' }), '2016-01-01');
    within(euros(d.estimatedMonthlyCents), 524.16 + 67 - 0.38 * 918 - 62.9, 0.05);
    expect(d.conditions[1]?.facts.forfaitLogement).toBe(6290);
  });

  // "PPA < seuil de versement": tenant, 1 520 € → 524.16 + 67 − 0.38 × 1520 < 15 → 0
  it('under the 15 € payment threshold → not eligible', () => {
    const d = primeActivite(single(1520_00), '2016-01-01');
    expect(d.outcome).toBe('not-eligible');
    expect(d.estimatedMonthlyCents).toBeUndefined();
  });

  // "PPA - Pas d'éligibilité si moins de 18 ans": born 1998-01-01, under 18 all through the
  // reference quarter 2015-10 … 2015-12 → 0
  it('moins de 18 ans over the reference quarter → not eligible', () => {
    const d = primeActivite(
      single(500_00, { adults: [adult(500_00, '1998-01-01')] }),
      '2016-01-01',
    );
    expect(d.outcome).toBe('not-eligible');
    expect(d.conditions[0]).toMatchObject({
      id: 'prime-activite.age',
      outcome: 'not-eligible',
      facts: { monthsAged18: 0 },
    });
  });

  // "PPA - Eligibilité si age > 18": born 1997-01-01, 918 € → 177.21 + 67 (5 %);
  // "PPA - Eligibilité sur certains mois seulement": born 1997-11-15, 18 in December only → 80.77
  it('counts the months of the reference quarter at 18 or older', () => {
    const full = primeActivite(
      single(918_00, { adults: [adult(918_00, '1997-01-01')] }),
      '2016-01-01',
    );
    within(euros(full.estimatedMonthlyCents), 177.21 + 67, 0.05);
    const third = primeActivite(
      single(918_00, { adults: [adult(918_00, '1997-11-15')] }),
      '2016-01-01',
    );
    expect(third.conditions[0]?.facts).toEqual({ monthsAged18: 1 });
    within(euros(third.estimatedMonthlyCents), 80.77, 0.05);
  });

  // "PPA/RSA forfait logement 1 personne" (2017-10) 63.15; "… 2 personnes" (2016-01) 125.80;
  // "… 3 personnes" (2016-01) 155.68
  it('forfait logement of 1, 2 and 3 persons', () => {
    expect(euros(forfaitLogementCents(1, '2017-10-01'))).toBeCloseTo(63.15, 2);
    expect(euros(forfaitLogementCents(2, '2016-01-01'))).toBeCloseTo(125.8, 2);
    expect(euros(forfaitLogementCents(3, '2016-01-01'))).toBeCloseTo(155.68, 2);
  });
});

describe('prime d’activité, OpenFisca-France ppa_2019_07.yaml (MF 551.51, 61 %, SMIC 10.03)', () => {
  const aid = { housing: 'tenant-with-aid' as const, housingAidCents: 200_00 };

  // "… personne seule - Cas N°2": age 30, AL 200, salary 500 → 290.3288 (±0.03)
  it('Cas N°2 — personne seule, AL above the forfait → 290.33', () => {
    const d = primeActivite(single(500_00, aid), '2019-07-01');
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 290.3288)).toBeLessThanOrEqual(0.03);
  });

  // "… personne seule - Cas N°7": salary 600 → bonification 2.1588, ppa 253.48763 (±0.03)
  it('Cas N°7 — bonification between 59 and 120 SMIC hours → 253.49', () => {
    expect(Math.abs(euros(bonificationCents(600_00, '2019-07-01')) - 2.1588)).toBeLessThan(0.001);
    const d = primeActivite(single(600_00, aid), '2019-07-01');
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 253.48763)).toBeLessThanOrEqual(0.03);
  });

  // "… personne seule - Cas N°8": 1 child, ASF 92.961, salary 1 300 (maximum bonification)
  // → 255.436525 (±0.03)
  it('Cas N°8 — parent with a child, maximum bonification, ASF as a resource → 255.44', () => {
    const d = primeActivite(
      single(1300_00, { ...aid, children: 1, otherMonthlyResourcesCents: 9296.1 }),
      '2019-07-01',
    );
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 255.436525)).toBeLessThanOrEqual(0.03);
  });

  // "… personne seule - Cas N°5": 3 children, ASF 278.883 + AF 132.2112 + CF 172.0811 → 271.34827
  it('Cas N°5 — parent with three children and family benefits → 271.35', () => {
    const d = primeActivite(
      single(500_00, {
        ...aid,
        children: 3,
        otherMonthlyResourcesCents: 27888.3 + 13221.12 + 17208.11,
      }),
      '2019-07-01',
    );
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 271.34827)).toBeLessThanOrEqual(0.03);
  });

  // "… personne seule - Cas N°6": same family, salary 1 800 → 0
  it('Cas N°6 — resources too high → not eligible', () => {
    const d = primeActivite(
      single(1800_00, {
        ...aid,
        children: 3,
        otherMonthlyResourcesCents: 27888.3 + 13221.12 + 17208.11,
      }),
      '2019-07-01',
    );
    expect(d.outcome).toBe('not-eligible');
  });

  // "… personne en couple - Cas N°1": salaries 200 + 300, AL 200 → 305
  it('couple Cas N°1 → 305', () => {
    const d = primeActivite(
      { ...single(0, aid), adults: [adult(200_00, '1989-01-01'), adult(300_00, '1984-01-01')] },
      '2019-07-01',
    );
    expect(Math.abs(euros(d.estimatedMonthlyCents) - 305)).toBeLessThanOrEqual(0.03);
  });

  // "… personne seule - Cas N°1": age 16 → 0
  it('Cas N°1 — 16 years old → not eligible', () => {
    const d = primeActivite(
      single(500_00, { ...aid, adults: [adult(500_00, '2003-01-01')] }),
      '2019-07-01',
    );
    expect(d.outcome).toBe('not-eligible');
  });
});

describe('prime d’activité, dated parameters and explanation', () => {
  // 1 000 € a month, SMIC 11.88 both days: 2025-03-31 MF 622.63 at 61 %, bonification max 181.19;
  // 2025-04-01 MF 633.21 at 59.85 % (Décret 2025-292), bonification max 184.27.
  it('applies the April 2025 values from 1 April only', () => {
    const bonus = (max: number) => (max * (1000 - 59 * 11.88)) / ((120 - 59) * 11.88);
    const march = primeActivite(single(1000_00), '2025-03-31');
    const april = primeActivite(single(1000_00), '2025-04-01');
    expect(euros(march.estimatedMonthlyCents)).toBeCloseTo(622.63 + 610 + bonus(181.19) - 1000, 1);
    expect(euros(april.estimatedMonthlyCents)).toBeCloseTo(
      633.21 + 598.5 + bonus(184.27) - 1000,
      1,
    );
    const used = (d: typeof april, id: string) =>
      d.conditions.flatMap((c) => c.parameters).find((p) => p.id === id);
    expect(used(march, 'prime-activite.part_revenus_activite')).toMatchObject({
      value: 0.61,
      from: '2018-08-01',
    });
    expect(used(april, 'prime-activite.part_revenus_activite')).toMatchObject({
      value: 0.5985,
      from: '2025-04-01',
      source: expect.stringContaining('2025-292'),
    });
    expect(used(april, 'prime-activite.montant_forfaitaire')).toMatchObject({
      value: 63321,
      from: '2025-04-01',
      source: expect.stringContaining('2025-294'),
    });
    expect(used(april, 'smic.horaire_brut')).toMatchObject({
      value: 1188,
      from: '2024-11-01',
    });
  });

  it('explains each condition with its facts and parameters', () => {
    const d = primeActivite(single(1000_00), '2025-06-01');
    expect(d).toMatchObject({
      benefit: 'PRIME_ACTIVITE',
      outcome: 'eligible',
      ruleVersion: 'prime-activite-2026.3',
      on: '2025-06-01',
      period: '2025',
    });
    expect(d.conditions.map((c) => c.id)).toEqual([
      'prime-activite.age',
      'prime-activite.amount-above-threshold',
    ]);
    expect(d.conditions[0]?.parameters[0]).toMatchObject({ value: 18, from: '2016-01-01' });
    expect(d.conditions[1]?.facts).toMatchObject({ earnedIncome: 1000_00, coefficient: 1 });
    expect(d.conditions[1]?.parameters.map((p) => p.from)).toEqual([
      '2025-04-01',
      '2025-04-01',
      '2019-01-01',
      '2024-11-01',
      '2016-01-01',
      '2016-01-01',
    ]);
    expect(d.caveats.join(' ')).toMatch(/isolated parents/);
  });

  it('is unknown, not refused, when a fact is missing', () => {
    const { otherMonthlyResourcesCents: _, ...noOther } = single(500_00);
    expect(primeActivite(noOther, '2025-06-01').outcome).toBe('unknown');
    expect(
      primeActivite({ ...single(500_00), adults: [{ birthDate: '1980-01-01' }] }, '2025-06-01')
        .outcome,
    ).toBe('unknown');
    expect(
      primeActivite(
        { ...single(500_00), adults: [{ monthlyEarnedIncomeCents: 500_00 }] },
        '2025-06-01',
      ).outcome,
    ).toBe('unknown');
    const { children: __, ...noChildren } = single(500_00);
    expect(primeActivite(noChildren, '2025-06-01').outcome).toBe('unknown');
  });

  it('reads an unknown housing situation as the least favourable, unknown only when it decides', () => {
    const { housing: _, ...unhoused } = single(500_00);
    const low = primeActivite(unhoused, '2025-06-01');
    expect(low.outcome).toBe('eligible');
    expect(low.caveats.join(' ')).toMatch(/forfait logement is deducted/);
    expect(euros(low.estimatedMonthlyCents)).toBeCloseTo(
      euros(
        primeActivite(single(500_00, { housing: 'owner' }), '2025-06-01').estimatedMonthlyCents,
      ),
      2,
    );
    // 1 900 €: about 55 € without a forfait logement, nothing once it is deducted.
    const { housing: __, ...borderline } = single(1900_00);
    expect(primeActivite(single(1900_00), '2025-06-01').outcome).toBe('eligible');
    expect(primeActivite(single(1900_00, { housing: 'owner' }), '2025-06-01').outcome).toBe(
      'not-eligible',
    );
    expect(primeActivite(borderline, '2025-06-01').outcome).toBe('unknown');
  });

  // 1 000 € a month, SMIC 12.02 both days: 2026-03-31 MF 633.21 and the 2019 scale (59 to 120 ×
  // SMIC, maximum 29.101 % = 184.27); 2026-04-01 MF 638.28 (Décret 2026-222) and the reformed scale
  // (59 to 138 × SMIC, maximum 37.7 % = 240.63).
  it('applies the April 2026 revaluation and bonification reform from 1 April only', () => {
    const bonus = (max: number, upper: number) =>
      (max * (1000 - 59 * 12.02)) / ((upper - 59) * 12.02);
    const march = primeActivite(single(1000_00), '2026-03-31');
    const april = primeActivite(single(1000_00), '2026-04-01');
    expect(march.outcome).toBe('eligible');
    expect(april.outcome).toBe('eligible');
    expect(euros(march.estimatedMonthlyCents)).toBeCloseTo(
      633.21 + 598.5 + bonus(184.27, 120) - 1000,
      1,
    );
    expect(euros(april.estimatedMonthlyCents)).toBeCloseTo(
      638.28 + 598.5 + bonus(240.63, 138) - 1000,
      1,
    );
    expect(april.conditions.map((c) => c.id)).toEqual([
      'prime-activite.age',
      'prime-activite.amount-above-threshold',
    ]);
    const used = (id: string) =>
      april.conditions.flatMap((c) => c.parameters).find((p) => p.id === id);
    expect(used('prime-activite.montant_forfaitaire')).toMatchObject({
      value: 63828,
      from: '2026-04-01',
      source: expect.stringContaining('2026-222'),
    });
    expect(used('prime-activite.bonification')).toMatchObject({
      value: { lower: 59, upper: 138, maxRate: 0.377 },
      from: '2026-04-01',
    });
  });

  it('published: CAF barème at 1 April 2026 (as republished) — bonification nil up to 709.18 €, 240.63 € from 1 658.76 €', () => {
    expect(bonificationCents(709_18, '2026-04-01')).toBe(0);
    expect(bonificationCents(1658_76, '2026-04-01')).toBe(240_63);
    expect(bonificationCents(2500_00, '2026-04-01')).toBe(240_63);
    expect(bonificationCents(1658_75, '2026-04-01')).toBeLessThan(240_63);
    // Before the reform: the maximum 184.27 € from 120 × SMIC (1 442.40 €).
    expect(bonificationCents(1442_40, '2026-03-31')).toBe(184_27);
  });

  it('published: service-public.gouv.fr F2882 after the SMIC of 1 June 2026 (as republished) — thresholds 726.29 € and 1 698.78 €', () => {
    expect(bonificationCents(726_29, '2026-06-01')).toBe(0);
    expect(bonificationCents(726_30, '2026-06-01')).toBeGreaterThan(0);
    expect(bonificationCents(1698_78, '2026-06-01')).toBe(240_63);
    expect(bonificationCents(1658_76, '2026-06-01')).toBeLessThan(240_63);
    expect(bonificationCents(1658_76, '2026-05-31')).toBe(240_63);
  });

  it('published: ministère du Travail, February 2026 (boursorama.com 02/03/2026, moneyvox.fr) — single person at 2 032 € net: from nothing to 56 € (2025 montant forfaitaire)', () => {
    // Before the reform: 633.21 + 59.85 % × 2 032 + 184.27 − 2 032 = 1.63 €, under the 15 € threshold.
    expect(primeActivite(single(2032_00), '2026-03-31').outcome).toBe('not-eligible');
    // The ministry's example applies the new maximum (37.7 %) to the montant forfaitaire of 2025.
    const scale = valueAt(bonificationScale, '2026-04-01')?.value;
    expect(2032_00).toBeGreaterThanOrEqual((scale?.upper ?? 0) * 12_02);
    const mf2025 = 633_21;
    const estimate =
      mf2025 + 0.5985 * 2032_00 + Math.round((scale?.maxRate ?? 0) * mf2025) - 2032_00;
    expect(Math.round(estimate / 100)).toBe(56);
    // With the revalued montant forfaitaire of 1 April 2026 (638.28): 63.06 €.
    const d = primeActivite(single(2032_00), '2026-04-01');
    expect(d.outcome).toBe('eligible');
    expect(euros(d.estimatedMonthlyCents)).toBeCloseTo(638.28 + 0.5985 * 2032 + 240.63 - 2032, 1);
  });

  it('applies a bonification scale added later (as the parameter book would) from its date only', () => {
    bonificationScale.values.push({
      from: '2031-04-01',
      value: { lower: 59, upper: 120, maxRate: 0.29101 },
      source: 'test: the 2019 scale, as if republished',
    });
    try {
      const before = primeActivite(single(1500_00), '2031-03-31');
      const after = primeActivite(single(1500_00), '2031-04-01');
      expect(after.estimatedMonthlyCents).toBeLessThan(before.estimatedMonthlyCents ?? 0);
      expect(
        after.conditions
          .flatMap((c) => c.parameters)
          .find((p) => p.id === 'prime-activite.bonification'),
      ).toMatchObject({ from: '2031-04-01' });
    } finally {
      bonificationScale.values.pop();
    }
  });
});
