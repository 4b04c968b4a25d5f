// A citizen's profile: the latest fact of each kind by event time (ties by event id, the same
// event twice is one), the latest claim, and the facts the rules read.
import { asEventId } from '@relais/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyClaim,
  applyFact,
  emptyProfile,
  factsOf,
  type Profile,
  type ProfileFacts,
} from '../src/domain/profile.ts';

type Employment = NonNullable<ProfileFacts['employment']>;

const employment = (status: string, time: string, eventId: string): Employment => ({
  value: { status },
  time,
  eventId: asEventId(eventId),
});

describe('applyFact', () => {
  it('records the first fact of a kind', () => {
    const p = emptyProfile();
    expect(applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T10:00:00Z', 'e1'))).toBe(
      true,
    );
    expect(p.facts.employment?.value.status).toBe('EMPLOYED');
  });

  it('lets the newer event time win', () => {
    const p = emptyProfile();
    applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T10:00:00Z', 'e1'));
    expect(applyFact(p, 'employment', employment('UNEMPLOYED', '2026-03-02T10:00:00Z', 'e2'))).toBe(
      true,
    );
    expect(p.facts.employment).toEqual(employment('UNEMPLOYED', '2026-03-02T10:00:00Z', 'e2'));
  });

  it('compares event times as instants, not as strings', () => {
    const p = emptyProfile();
    // 10:00+02:00 is 08:00Z: older than 09:00Z although it sorts after it as a string.
    applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T09:00:00Z', 'e1'));
    expect(
      applyFact(p, 'employment', employment('UNEMPLOYED', '2026-03-01T10:00:00+02:00', 'e2')),
    ).toBe(false);
    expect(p.facts.employment?.value.status).toBe('EMPLOYED');
  });

  it('ignores an older event arriving later', () => {
    const p = emptyProfile();
    applyFact(p, 'employment', employment('UNEMPLOYED', '2026-03-02T10:00:00Z', 'e2'));
    expect(applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T10:00:00Z', 'e1'))).toBe(
      false,
    );
    expect(p.facts.employment).toEqual(employment('UNEMPLOYED', '2026-03-02T10:00:00Z', 'e2'));
  });

  it('breaks equal times by event id, whatever the arrival order', () => {
    const time = '2026-03-01T10:00:00Z';
    const a = employment('EMPLOYED', time, 'aaaa');
    const b = employment('RETIRED', time, 'bbbb');

    const ab = emptyProfile();
    expect(applyFact(ab, 'employment', a)).toBe(true);
    expect(applyFact(ab, 'employment', b)).toBe(true);

    const ba = emptyProfile();
    expect(applyFact(ba, 'employment', b)).toBe(true);
    expect(applyFact(ba, 'employment', a)).toBe(false);

    expect(ab.facts.employment).toEqual(b);
    expect(ba.facts.employment).toEqual(b);
  });

  it('changes nothing when the same event id comes twice', () => {
    const p = emptyProfile();
    applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T10:00:00Z', 'e1'));
    const before = structuredClone(p);
    expect(applyFact(p, 'employment', employment('EMPLOYED', '2026-03-01T10:00:00Z', 'e1'))).toBe(
      false,
    );
    // Even a redelivery claiming a later time: the event id is the same event.
    expect(applyFact(p, 'employment', employment('UNEMPLOYED', '2026-04-01T10:00:00Z', 'e1'))).toBe(
      false,
    );
    expect(p).toEqual(before);
  });

  it('keeps each kind of fact apart', () => {
    const p = emptyProfile();
    applyFact(p, 'employment', employment('EMPLOYED', '2026-03-02T10:00:00Z', 'e2'));
    expect(
      applyFact(p, 'school', {
        value: { schoolYear: '2026-2027' },
        time: '2026-03-01T10:00:00Z',
        eventId: asEventId('e1'),
      }),
    ).toBe(true);
    expect(p.facts.employment?.value.status).toBe('EMPLOYED');
    expect(p.facts.school?.value.schoolYear).toBe('2026-2027');
  });
});

describe('applyClaim', () => {
  it('keeps the latest claim date', () => {
    const p = emptyProfile();
    expect(applyClaim(p, 'CSS', '2026-05-10')).toBe(true);
    expect(applyClaim(p, 'CSS', '2026-04-01')).toBe(false);
    expect(p.claimed['CSS']).toBe('2026-05-10');
    expect(applyClaim(p, 'CSS', '2026-06-01')).toBe(true);
    expect(p.claimed['CSS']).toBe('2026-06-01');
  });

  it('changes nothing for the same claim twice', () => {
    const p = emptyProfile();
    applyClaim(p, 'RSA', '2026-05-10');
    expect(applyClaim(p, 'RSA', '2026-05-10')).toBe(false);
    expect(p.claimed).toEqual({ RSA: '2026-05-10' });
  });

  it('records each benefit apart', () => {
    const p = emptyProfile();
    applyClaim(p, 'CSS', '2026-05-10');
    applyClaim(p, 'ARS', '2026-01-01');
    expect(p.claimed).toEqual({ CSS: '2026-05-10', ARS: '2026-01-01' });
  });
});

describe('factsOf', () => {
  const stamp = { time: '2026-01-01T00:00:00Z', eventId: asEventId('x') };
  const withAddress = (cityCode: string): Profile => {
    const p = emptyProfile();
    p.facts.address = { ...stamp, value: { cityCode } };
    return p;
  };

  it.each([
    ['69382', 'metropole'], // Lyon 2e
    ['75056', 'metropole'], // Paris
    ['97105', 'dom'], // Basse-Terre, Guadeloupe
    ['97209', 'dom'], // Fort-de-France, Martinique
    ['97302', 'dom'], // Cayenne, Guyane
    ['97411', 'dom'], // Saint-Denis, La Réunion
    ['97611', 'dom'], // Mamoudzou, Mayotte
    ['97502', 'metropole'], // Saint-Pierre-et-Miquelon: an overseas collectivity
  ])('territory of commune %s is %s', (cityCode, territory) => {
    expect(factsOf(withAddress(cityCode)).territory).toBe(territory);
  });

  it('prefers the household members over the income members', () => {
    const p = emptyProfile();
    p.facts.income = {
      ...stamp,
      value: {
        taxYear: 2025,
        referenceTaxIncomeCents: 1_500_000,
        members: [{ role: 'applicant', birthDate: '1980-01-01' }],
      },
    };
    expect(factsOf(p).members).toEqual([{ role: 'applicant', birthDate: '1980-01-01' }]);
    p.facts.household = {
      ...stamp,
      value: {
        members: [
          { role: 'applicant', birthDate: '1980-01-01', dependent: false },
          { role: 'child', birthDate: '2015-06-01', dependent: true },
        ],
      },
    };
    expect(factsOf(p).members).toEqual([
      { role: 'applicant', birthDate: '1980-01-01', dependent: false },
      { role: 'child', birthDate: '2015-06-01', dependent: true },
    ]);
  });

  it('leaves unknown facts undefined', () => {
    const facts = factsOf(emptyProfile());
    expect(facts).toEqual({});
    for (const k of [
      'members',
      'referenceTaxIncomeCents',
      'taxYear',
      'taxSharesQuarters',
      'territory',
      'employmentStatus',
      'monthlyNetIncomeCents',
      'jobseeker',
      'disability',
      'schoolYear',
    ] as const)
      expect(facts[k], k).toBeUndefined();
  });

  it('reads every known fact, and no optional one it was not told', () => {
    const p = emptyProfile();
    p.facts.income = { ...stamp, value: { taxYear: 2025, referenceTaxIncomeCents: 900_000 } };
    p.facts.employment = { ...stamp, value: { status: 'UNEMPLOYED' } };
    p.facts.jobseeker = { ...stamp, value: { compensated: false } };
    p.facts.disability = {
      ...stamp,
      value: { decisionKind: 'AAH_ELIGIBILITY', incapacityRate: 80 },
    };
    p.facts.school = { ...stamp, value: { schoolYear: '2026-2027' } };
    const facts = factsOf(p);
    expect(facts).toEqual({
      referenceTaxIncomeCents: 900_000,
      taxYear: 2025,
      employmentStatus: 'UNEMPLOYED',
      jobseeker: { compensated: false },
      disability: { decisionKind: 'AAH_ELIGIBILITY', incapacityRate: 80 },
      schoolYear: '2026-2027',
    });
    expect('taxSharesQuarters' in facts).toBe(false);
    expect('monthlyNetIncomeCents' in facts).toBe(false);
    expect('members' in facts).toBe(false);
  });
});
