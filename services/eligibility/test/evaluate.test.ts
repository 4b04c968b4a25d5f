// Evaluation of every rule on a profile's facts, the decisions worth a new determination, and the
// engine that turns them into `EntitlementDetermined` events.
import { asConsentId, asEventId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../src/domain/decision.ts';
import {
  BENEFITS,
  changedDecisions,
  evaluateAll,
  monthlyResources,
  rentreeYearOn,
} from '../src/domain/evaluate.ts';
import { emptyProfile, type Profile } from '../src/domain/profile.ts';
import { monthsBefore } from '../src/domain/resources.ts';
import { decisionId } from '../src/domain/determination.ts';
import { newEngineStats, reevaluate } from '../src/domain/reevaluate.ts';

const applicant = { role: 'applicant' as const, birthDate: '1990-05-14' };
const spouse = { role: 'spouse' as const, birthDate: '1991-02-03' };
const ON = '2026-10-15';
/** Declared months (montant net social) from July to September 2026, the quarter before ON. */
const quarter = (earned: number, pension = 0, unemployment = 0) =>
  ['2026-07-01', '2026-08-01', '2026-09-01'].map((month) => ({
    month,
    earned,
    pension,
    unemployment,
  }));

describe('monthlyResources', () => {
  it('is the net earned income of an employed single person', () => {
    expect(
      monthlyResources(
        {
          members: [applicant],
          employmentStatus: 'EMPLOYED',
          monthlyNetIncomeCents: 150_000,
        },
        ON,
      ),
    ).toBe(150_000);
  });

  it('is the monthly allowance of a compensated unemployed person (daily × 30.4375, rounded)', () => {
    expect(
      monthlyResources(
        {
          members: [applicant],
          employmentStatus: 'UNEMPLOYED',
          jobseeker: { compensated: true, dailyAllowanceCents: 4_567 },
        },
        ON,
      ),
    ).toBe(Math.round(4_567 * 30.4375)); // 139 007.06… → 139 007
    expect(
      monthlyResources(
        {
          employmentStatus: 'UNEMPLOYED',
          jobseeker: { compensated: true, dailyAllowanceCents: 1_234 },
        },
        ON,
      ),
    ).toBe(37_560); // 37 559.875 → 37 560
  });

  it('is zero for an unemployed person registered without compensation', () => {
    expect(
      monthlyResources({ employmentStatus: 'UNEMPLOYED', jobseeker: { compensated: false } }, ON),
    ).toBe(0);
  });

  it('is unknown for an unemployed person without the jobseeker fact', () => {
    expect(monthlyResources({ members: [applicant], employmentStatus: 'UNEMPLOYED' }, ON)).toBe(
      undefined,
    );
  });

  it('is unknown for a compensated jobseeker whose allowance is unknown', () => {
    expect(
      monthlyResources({ employmentStatus: 'UNEMPLOYED', jobseeker: { compensated: true } }, ON),
    ).toBe(undefined);
  });

  it('is unknown for an employed person whose income is unknown', () => {
    expect(monthlyResources({ members: [applicant], employmentStatus: 'EMPLOYED' }, ON)).toBe(
      undefined,
    );
  });

  it('is unknown for a couple (the spouse’s income is not shared with Relais)', () => {
    expect(
      monthlyResources(
        {
          members: [applicant, spouse],
          employmentStatus: 'EMPLOYED',
          monthlyNetIncomeCents: 150_000,
        },
        ON,
      ),
    ).toBe(undefined);
  });

  it('is the average of the declared quarter, both adults’ when the spouse shared theirs, plus the benefits paid', () => {
    expect(
      monthlyResources(
        { members: [applicant], declaredMonths: { own: quarter(90_000, 0, 30_000) } },
        ON,
      ),
    ).toBe(120_000);
    const couple = {
      members: [applicant, spouse],
      declaredMonths: { own: quarter(90_000), spouse: quarter(0, 50_000) },
    };
    expect(monthlyResources(couple, ON)).toBe(140_000);
    expect(
      monthlyResources(
        {
          ...couple,
          benefitsPaid: { month: '2026-09-01', familyBenefitsCents: 14_896, aahCents: 0 },
        },
        ON,
      ),
    ).toBe(154_896);
  });

  it('is unknown for a couple whose spouse did not share their months, or a month missing', () => {
    expect(
      monthlyResources(
        { members: [applicant, spouse], declaredMonths: { own: quarter(90_000) } },
        ON,
      ),
    ).toBe(undefined);
    expect(
      monthlyResources(
        { members: [applicant], declaredMonths: { own: quarter(90_000).slice(1) } },
        ON,
      ),
    ).toBe(undefined);
  });

  it('is unknown when the employment status is unknown', () => {
    expect(monthlyResources({ members: [applicant], monthlyNetIncomeCents: 150_000 }, ON)).toBe(
      undefined,
    );
    expect(monthlyResources({}, ON)).toBe(undefined);
  });
});

describe('rentreeYearOn', () => {
  it.each([
    ['2026-08-20', 2026],
    ['2026-07-01', 2026],
    ['2026-12-31', 2026],
    ['2026-06-30', 2025],
    ['2026-03-01', 2025],
    ['2026-01-01', 2025],
  ])('on %s the open rentrée is %i', (on, year) => {
    expect(rentreeYearOn(on)).toBe(year);
  });
});

describe('evaluateAll', () => {
  it('with no facts says every benefit is unknown, never not-eligible', () => {
    const decisions = evaluateAll({}, '2026-11-22');
    expect(decisions.map((d) => d.benefit).sort()).toEqual([...BENEFITS].sort());
    for (const d of decisions) {
      expect(d.outcome, d.benefit).toBe('unknown');
      expect(d.variant, d.benefit).toBeUndefined();
    }
  });

  const find = (ds: Decision[], benefit: string) => ds.find((d) => d.benefit === benefit);
  const paFacts = (ds: Decision[]) =>
    find(ds, 'PRIME_ACTIVITE')?.conditions.find(
      (c) => c.id === 'prime-activite.amount-above-threshold',
    )?.facts;

  it('counts a worker’s own AAH as earnings for the prime d’activité from 29 hourly SMIC (L842-8, D843-4)', () => {
    const paid = { month: '2026-09-01', familyBenefitsCents: 0, aahCents: 50_000 };
    const single = (earned: number) => ({
      members: [applicant],
      declaredMonths: { own: quarter(earned) },
      benefitsPaid: paid,
      housing: 'tenant' as const,
      housingAidCents: 0,
    });
    // 29 × 12.31 € = 356.99 €: at 600 € the AAH is earned income, at 300 € another resource.
    expect(paFacts(evaluateAll(single(60_000), ON))).toMatchObject({
      earnedIncome: 110_000,
      otherResources: 0,
    });
    expect(paFacts(evaluateAll(single(30_000), ON))).toMatchObject({
      earnedIncome: 30_000,
      otherResources: 50_000,
    });
    // A couple: the spouse's own AAH follows the spouse's earnings, not the citizen's.
    const couple = {
      members: [applicant, spouse],
      declaredMonths: { own: quarter(60_000), spouse: quarter(0) },
      benefitsPaid: { ...paid, spouseAahCents: 50_000 },
      housing: 'tenant' as const,
      housingAidCents: 0,
    };
    expect(paFacts(evaluateAll(couple, ON))).toMatchObject({
      earnedIncome: 60_000,
      otherResources: 50_000,
    });
  });

  it('says not eligible for the AAH when the MDPH states no decision and no request, unknown when not told', () => {
    const base = { members: [applicant], referenceTaxIncomeCents: 0, taxYear: 2024 };
    const none = { statedOn: '2026-10-01', aahDecisionInForce: false, aahRequestPending: false };
    expect(find(evaluateAll({ ...base, disabilityFile: none }, ON), 'AAH')?.outcome).toBe(
      'not-eligible',
    );
    expect(find(evaluateAll(base, ON), 'AAH')?.outcome).toBe('unknown');
  });

  it('opens the ASPA from 62 to a citizen the pension fund recognised unfit for work, or with a CDAPH rate of 50 %', () => {
    const at63 = { role: 'applicant' as const, birthDate: '1963-05-14' };
    const base = { members: [at63], declaredMonths: { own: monthsOfYear() } };
    expect(find(evaluateAll(base, ON), 'ASPA')?.outcome).toBe('not-eligible');
    const unfit = { recognisedOn: '2026-01-01', basis: 'MEDICAL_ADVISER' };
    expect(find(evaluateAll({ ...base, workUnfitness: unfit }, ON), 'ASPA')?.outcome).toBe(
      'eligible',
    );
    // Recognised after the day: not yet.
    expect(
      find(
        evaluateAll({ ...base, workUnfitness: { ...unfit, recognisedOn: '2026-11-01' } }, ON),
        'ASPA',
      )?.outcome,
    ).toBe('not-eligible');
    const rated = { decisionKind: 'AAH_ELIGIBILITY', incapacityRate: 50 };
    expect(find(evaluateAll({ ...base, disability: rated }, ON), 'ASPA')?.outcome).toBe('eligible');
  });
});

/** Twelve declared months before ON, without resources. */
function monthsOfYear() {
  return monthsBefore(ON, 12).map((month) => ({ month, earned: 0, pension: 0, unemployment: 0 }));
}

/** A decision as the rules return it, for changedDecisions. */
const decision = (over: Partial<Decision>): Decision => ({
  benefit: 'CSS',
  outcome: 'unknown',
  ruleVersion: 'test',
  on: '2026-11-22',
  period: '2026',
  conditions: [],
  caveats: [],
  ...over,
});

const withLast = (last: Profile['outcomes'][string]): Profile => {
  const p = emptyProfile();
  p.outcomes['CSS'] = last;
  return p;
};

describe('changedDecisions', () => {
  it('ignores an unknown decision when nothing was known before', () => {
    expect(changedDecisions(emptyProfile(), [decision({ outcome: 'unknown' })])).toEqual([]);
  });

  it('keeps the first known decision', () => {
    const eligible = decision({ outcome: 'eligible', variant: 'free' });
    const notEligible = decision({ benefit: 'ARS', outcome: 'not-eligible' });
    expect(changedDecisions(emptyProfile(), [eligible, notEligible])).toEqual([
      eligible,
      notEligible,
    ]);
  });

  it('ignores the same outcome again', () => {
    const p = withLast({ outcome: 'eligible', variant: 'free', period: '2026', decisionId: 'd1' });
    expect(changedDecisions(p, [decision({ outcome: 'eligible', variant: 'free' })])).toEqual([]);
  });

  it('keeps an outcome change, including back to unknown', () => {
    const p = withLast({ outcome: 'eligible', variant: 'free', period: '2026', decisionId: 'd1' });
    const unknown = decision({ outcome: 'unknown' });
    const notEligible = decision({ outcome: 'not-eligible' });
    expect(changedDecisions(p, [unknown])).toEqual([unknown]);
    expect(changedDecisions(p, [notEligible])).toEqual([notEligible]);
  });

  it('keeps a variant change (CSS free → with contribution)', () => {
    const p = withLast({ outcome: 'eligible', variant: 'free', period: '2026', decisionId: 'd1' });
    const paid = decision({ outcome: 'eligible', variant: 'with-contribution' });
    expect(changedDecisions(p, [paid])).toEqual([paid]);
  });

  it('keeps an eligible decision for a new period', () => {
    const p = withLast({ outcome: 'eligible', variant: 'free', period: '2026', decisionId: 'd1' });
    const next = decision({
      outcome: 'eligible',
      variant: 'free',
      period: '2027',
      on: '2027-01-02',
    });
    expect(changedDecisions(p, [next])).toEqual([next]);
  });

  it('ignores a not-eligible decision in a new period', () => {
    const p = withLast({ outcome: 'not-eligible', period: '2026', decisionId: 'd1' });
    expect(changedDecisions(p, [decision({ outcome: 'not-eligible', period: '2027' })])).toEqual(
      [],
    );
  });
});

describe('engine.reevaluate', () => {
  const stamp = { time: '2026-11-01T09:00:00Z', eventId: asEventId('ev') };
  /** One adult born 1990-05-14 in Lyon, reference tax income 9 000 €. */
  const profile = (): Profile => {
    const p = emptyProfile();
    p.consentId = asConsentId('consent-1');
    p.facts.household = {
      ...stamp,
      value: { members: [{ role: 'applicant', birthDate: '1990-05-14' }] },
    };
    p.facts.address = { ...stamp, value: { cityCode: '69382', postcode: '69002' } };
    p.facts.income = {
      ...stamp,
      value: { taxYear: 2025, referenceTaxIncomeCents: 900_000, taxSharesQuarters: 4 },
    };
    return p;
  };
  const on = '2026-11-22';
  const now = new Date('2026-11-22T08:00:00Z');
  const cssOf = (p: Profile, trigger: string) =>
    reevaluate(asPseudonym('pseudo-1'), p, on, trigger, now, newEngineStats()).find(
      (d) => d.event.benefit === 'CSS',
    );

  it('determines a free CSS, explained', () => {
    const p = profile();
    const stats = newEngineStats();
    const out = reevaluate(asPseudonym('pseudo-1'), p, on, 'trigger-1', now, stats);
    const css = out.find((d) => d.event.benefit === 'CSS');
    expect(css).toBeDefined();
    expect(css!.pseudonym).toBe('pseudo-1');
    expect(css!.consentId).toBe('consent-1');
    expect(css!.event).toMatchObject({
      benefit: 'CSS',
      outcome: 'LIKELY_ELIGIBLE',
      variant: 'free',
      period: '2026',
      evaluatedOn: on,
      determinedAt: now,
    });
    expect(css!.event.decisionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const free = css!.event.explanation.find((c) => c.conditionId === 'css.free-ceiling');
    expect(free).toBeDefined();
    expect(free!.satisfied).toBe(true);
    expect(free!.observedValue).toContain('resources=900000');
    expect(free!.observedValue).toContain('persons=1');
    expect(free!.observedValue).toContain('territory=metropole');
    expect(free!.parameter).toContain('css.plafond_base');
    expect(free!.parameterFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(free!.parameterFrom! <= on).toBe(true);

    // The outcome is recorded, with its id, and counted.
    expect(p.outcomes['CSS']).toEqual({
      outcome: 'eligible',
      variant: 'free',
      period: '2026',
      decisionId: css!.event.decisionId,
    });
    expect(stats.determinations['CSS']).toEqual({ eligible: 1 });
    expect(stats.evaluations).toBe(BENEFITS.length);
  });

  it('derives the same decision id from the same inputs, another from another trigger', () => {
    const a = cssOf(profile(), 'trigger-1')!.event.decisionId;
    const b = cssOf(profile(), 'trigger-1')!.event.decisionId;
    const c = cssOf(profile(), 'trigger-2')!.event.decisionId;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const again = evaluateAll({ territory: 'metropole' }, on)[0]!;
    expect(decisionId(asPseudonym('pseudo-1'), again, 'trigger-1')).toBe(
      decisionId(asPseudonym('pseudo-1'), again, 'trigger-1'),
    );
    expect(decisionId(asPseudonym('pseudo-2'), again, 'trigger-1')).not.toBe(
      decisionId(asPseudonym('pseudo-1'), again, 'trigger-1'),
    );
  });

  it('determines nothing when re-evaluated with the same facts', () => {
    const p = profile();
    const stats = newEngineStats();
    expect(
      reevaluate(asPseudonym('pseudo-1'), p, on, 'trigger-1', now, stats).length,
    ).toBeGreaterThan(0);
    const outcomes = structuredClone(p.outcomes);
    expect(reevaluate(asPseudonym('pseudo-1'), p, on, 'trigger-2', now, stats)).toEqual([]);
    expect(p.outcomes).toEqual(outcomes);
  });

  it('determines nothing for a profile with no facts', () => {
    const p = emptyProfile();
    expect(reevaluate(asPseudonym('pseudo-1'), p, on, 'trigger-1', now, newEngineStats())).toEqual(
      [],
    );
    expect(p.outcomes).toEqual({});
  });

  it('determines again when the variant changes', () => {
    const p = profile();
    reevaluate(asPseudonym('pseudo-1'), p, on, 'trigger-1', now, newEngineStats());
    // 12 000 €: above the free ceiling for one person, under it × 1.35.
    p.facts.income = {
      time: '2026-11-20T09:00:00Z',
      eventId: asEventId('ev2'),
      value: { taxYear: 2025, referenceTaxIncomeCents: 1_200_000 },
    };
    const css = cssOf(p, 'trigger-2');
    expect(css?.event).toMatchObject({ outcome: 'LIKELY_ELIGIBLE', variant: 'with-contribution' });
  });
});
