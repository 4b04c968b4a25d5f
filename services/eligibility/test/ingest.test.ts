// Deliveries (Avro-decoded values: dates as 'YYYY-MM-DD', enums as their symbols, longs as
// numbers) as facts of the citizen's profile.
import { asEventId, exampleMove } from '@relais/contracts';
import { describe, expect, it } from 'vitest';
import { emptyProfile, type Profile } from '../src/domain/profile.ts';
import { contractNames } from '@relais/contracts/generated';
import { applyEvent, FACT_CONTRACTS, ignoredBecause } from '../src/consumers/facts.ts';

type Value = Record<string, unknown>;

const stamp = {
  time: '2026-11-02T09:30:00Z',
  eventId: asEventId('0b6f7c1e-1111-4222-8333-444455556666'),
};

/** For each contract: a delivered value and the profile it leads to. */
const cases: Record<
  (typeof FACT_CONTRACTS)[number],
  { value: Value; expect: (p: Profile) => void }
> = {
  'fr.gouv.residence.AddressChanged': {
    value: { ...exampleMove(), effectiveDate: '2026-11-01', declaredAt: 1_793_611_800_000 },
    expect: (p) =>
      expect(p.facts.address).toEqual({
        ...stamp,
        value: { cityCode: '69382', postcode: '69002' },
      }),
  },
  'fr.gouv.family.HouseholdCompositionChanged': {
    value: {
      effectiveDate: '2026-09-01',
      reason: 'BIRTH',
      members: [
        { role: 'APPLICANT', birthDate: '1990-05-14', dependent: false },
        { role: 'SPOUSE', birthDate: '1991-02-03', dependent: false },
        { role: 'CHILD', birthDate: '2026-08-30', dependent: true },
        { role: 'OTHER_ADULT', birthDate: '1960-01-01', dependent: false },
      ],
    },
    expect: (p) =>
      expect(p.facts.household).toEqual({
        ...stamp,
        value: {
          members: [
            { role: 'applicant', birthDate: '1990-05-14', dependent: false },
            { role: 'spouse', birthDate: '1991-02-03', dependent: false },
            { role: 'child', birthDate: '2026-08-30', dependent: true },
            { role: 'other-adult', birthDate: '1960-01-01', dependent: false },
          ],
        },
      }),
  },
  'fr.gouv.tax.IncomeAssessed': {
    value: {
      taxYear: 2025,
      referenceTaxIncomeCents: 2_345_600,
      taxSharesQuarters: 10,
      members: [
        { role: 'DECLARANT', birthDate: '1990-05-14', sharedResidence: false },
        { role: 'SPOUSE_OR_PARTNER', birthDate: '1991-02-03', sharedResidence: false },
        { role: 'DEPENDENT_CHILD', birthDate: '2015-06-01', sharedResidence: false },
        { role: 'ATTACHED_ADULT_CHILD', birthDate: '2005-03-10', sharedResidence: false },
      ],
      assessmentDate: '2026-08-01',
    },
    expect: (p) =>
      expect(p.facts.income).toEqual({
        ...stamp,
        value: {
          taxYear: 2025,
          referenceTaxIncomeCents: 2_345_600,
          taxSharesQuarters: 10,
          members: [
            { role: 'applicant', birthDate: '1990-05-14', sharedResidence: false },
            { role: 'spouse', birthDate: '1991-02-03', sharedResidence: false },
            { role: 'child', birthDate: '2015-06-01', sharedResidence: false },
            { role: 'child', birthDate: '2005-03-10', sharedResidence: false },
          ],
        },
      }),
  },
  'fr.gouv.employment.EmploymentStatusChanged': {
    value: {
      status: 'EMPLOYED',
      effectiveDate: '2026-10-01',
      monthlyNetIncomeCents: 185_000,
      contractType: 'CDI',
    },
    expect: (p) =>
      expect(p.facts.employment).toEqual({
        ...stamp,
        value: { status: 'EMPLOYED', monthlyNetIncomeCents: 185_000 },
      }),
  },
  'fr.gouv.employment.JobseekerRegistered': {
    value: {
      registrationDate: '2026-10-05',
      category: 'A',
      compensated: true,
      dailyAllowanceCents: 4_567,
    },
    expect: (p) =>
      expect(p.facts.jobseeker).toEqual({
        ...stamp,
        value: { compensated: true, dailyAllowanceCents: 4_567 },
      }),
  },
  'fr.gouv.disability.DisabilityRecognitionGranted': {
    value: {
      decisionKind: 'AAH_ELIGIBILITY',
      incapacityRate: 80,
      substantialEmploymentRestriction: null,
      decisionDate: '2026-06-15',
      periodStart: '2026-07-01',
      periodEnd: '2031-06-30',
    },
    expect: (p) =>
      expect(p.facts.disability).toEqual({
        ...stamp,
        value: {
          decisionKind: 'AAH_ELIGIBILITY',
          incapacityRate: 80,
          periodStart: '2026-07-01',
          periodEnd: '2031-06-30',
        },
      }),
  },
  'fr.gouv.education.SchoolEnrolmentConfirmed': {
    value: {
      schoolYear: '2026-2027',
      level: 'CP',
      schoolUai: '0690001A',
      confirmedOn: '2026-09-02',
    },
    expect: (p) => expect(p.facts.school).toEqual({ ...stamp, value: { schoolYear: '2026-2027' } }),
  },
  'fr.gouv.benefits.BenefitClaimed': {
    value: { claimId: 'c-1', benefit: 'CSS', claimedOn: '2026-11-15', channel: 'ONLINE' },
    expect: (p) => {
      expect(p.claimed).toEqual({ CSS: '2026-11-15' });
      expect(p.facts).toEqual({});
    },
  },
  'fr.gouv.family.HousingSituationDeclared': {
    value: { situation: 'TENANT', housingAidMonthlyCents: 23_400, effectiveDate: '2026-10-01' },
    expect: (p) =>
      expect(p.facts.housing).toEqual({
        ...stamp,
        value: { situation: 'tenant', housingAidCents: 23_400 },
      }),
  },
  'fr.gouv.family.BenefitPaymentsRecorded': {
    value: {
      month: '2026-10-01',
      familyBenefitsCents: 14_896,
      aahCents: 104_159,
      spouseAahCents: 104_159,
    },
    expect: (p) =>
      expect(p.facts.benefitsPaid).toEqual({
        ...stamp,
        value: {
          month: '2026-10-01',
          familyBenefitsCents: 14_896,
          aahCents: 104_159,
          spouseAahCents: 104_159,
        },
      }),
  },
  'fr.gouv.pensions.MonthlyResourcesDeclared': {
    value: {
      months: [
        { month: '2026-09-01', earnedCents: 120_000, pensionCents: 0, unemploymentCents: 0 },
        { month: '2026-10-01', earnedCents: 80_000, pensionCents: 0, unemploymentCents: 30_000 },
      ],
      spouseMonths: null,
    },
    expect: (p) =>
      expect(p.facts.resources).toEqual({
        ...stamp,
        value: {
          months: [
            { month: '2026-09-01', earned: 120_000, pension: 0, unemployment: 0 },
            { month: '2026-10-01', earned: 80_000, pension: 0, unemployment: 30_000 },
          ],
        },
      }),
  },
  'fr.gouv.disability.DisabilityFileStated': {
    value: { statedOn: '2026-10-01', aahDecisionInForce: false, aahRequestPending: false },
    expect: (p) =>
      expect(p.facts.disabilityFile).toEqual({
        ...stamp,
        value: { statedOn: '2026-10-01', aahDecisionInForce: false, aahRequestPending: false },
      }),
  },
  'fr.gouv.pensions.WorkUnfitnessRecognised': {
    value: { recognisedOn: '2026-03-01', basis: 'MEDICAL_ADVISER' },
    expect: (p) =>
      expect(p.facts.workUnfitness).toEqual({
        ...stamp,
        value: { recognisedOn: '2026-03-01', basis: 'MEDICAL_ADVISER' },
      }),
  },
};

describe('applyEvent', () => {
  it('has a case for every contract Relais reads', () => {
    expect(Object.keys(cases).sort()).toEqual([...FACT_CONTRACTS].sort());
  });

  it('reads each contract of the catalog or says why not', () => {
    const read: readonly string[] = FACT_CONTRACTS;
    for (const name of contractNames) {
      const reason = ignoredBecause(name);
      if (read.includes(name)) expect(reason, name).toBeUndefined();
      else expect(reason, name).toMatch(/\w{3,}/);
    }
  });

  it.each([...FACT_CONTRACTS])('maps %s to the profile', (contract) => {
    const c = cases[contract];
    const p = emptyProfile();
    expect(applyEvent(p, contract, c.value, stamp)).toBe(true);
    c.expect(p);
    // The same delivery again changes nothing.
    const before = structuredClone(p);
    expect(applyEvent(p, contract, c.value, stamp)).toBe(false);
    expect(p).toEqual(before);
  });

  it('changes nothing for an unknown contract', () => {
    const p = emptyProfile();
    expect(
      applyEvent(p, 'fr.gouv.civilstatus.BirthDeclared', { birthDate: '2026-08-30' }, stamp),
    ).toBe(false);
    expect(applyEvent(p, 'fr.gouv.unknown.Nothing', {}, stamp)).toBe(false);
    expect(p).toEqual(emptyProfile());
  });

  it('leaves optional fields that arrive null out of the fact', () => {
    const p = emptyProfile();
    applyEvent(
      p,
      'fr.gouv.employment.EmploymentStatusChanged',
      {
        status: 'UNEMPLOYED',
        effectiveDate: '2026-10-01',
        monthlyNetIncomeCents: null,
        contractType: null,
      },
      stamp,
    );
    applyEvent(
      p,
      'fr.gouv.employment.JobseekerRegistered',
      {
        registrationDate: '2026-10-05',
        category: 'A',
        compensated: false,
        dailyAllowanceCents: null,
      },
      stamp,
    );
    applyEvent(
      p,
      'fr.gouv.disability.DisabilityRecognitionGranted',
      {
        decisionKind: 'RQTH',
        incapacityRate: null,
        substantialEmploymentRestriction: true,
        decisionDate: '2026-06-15',
        periodStart: '2026-07-01',
        periodEnd: null,
      },
      stamp,
    );
    expect(p.facts.employment?.value).toEqual({ status: 'UNEMPLOYED' });
    expect(p.facts.jobseeker?.value).toEqual({ compensated: false });
    expect(p.facts.disability?.value).toEqual({
      decisionKind: 'RQTH',
      substantialEmploymentRestriction: true,
      periodStart: '2026-07-01',
    });
  });

  it('reads longs decoded as bigints as numbers', () => {
    const p = emptyProfile();
    applyEvent(
      p,
      'fr.gouv.tax.IncomeAssessed',
      {
        taxYear: 2025,
        referenceTaxIncomeCents: 900_000n,
        taxSharesQuarters: 4,
        members: [{ role: 'DECLARANT', birthDate: '1990-05-14', sharedResidence: false }],
        assessmentDate: '2026-08-01',
      },
      stamp,
    );
    expect(p.facts.income?.value.referenceTaxIncomeCents).toBe(900_000);
  });

  it('keeps the newer fact when deliveries arrive out of order', () => {
    const p = emptyProfile();
    const contract = 'fr.gouv.residence.AddressChanged';
    applyEvent(
      p,
      contract,
      { cityCode: '97411', postcode: '97400' },
      {
        time: '2026-11-02T09:30:00Z',
        eventId: asEventId('b'),
      },
    );
    expect(
      applyEvent(
        p,
        contract,
        { cityCode: '69382', postcode: '69002' },
        {
          time: '2026-10-02T09:30:00Z',
          eventId: asEventId('a'),
        },
      ),
    ).toBe(false);
    expect(p.facts.address?.value.cityCode).toBe('97411');
  });

  it('records a claim, keeping the latest date', () => {
    const p = emptyProfile();
    const contract = 'fr.gouv.benefits.BenefitClaimed';
    const claim = (claimedOn: string) => ({
      claimId: claimedOn,
      benefit: 'RSA',
      claimedOn,
      channel: 'COUNTER',
    });
    expect(applyEvent(p, contract, claim('2026-11-15'), stamp)).toBe(true);
    expect(
      applyEvent(p, contract, claim('2026-10-01'), { ...stamp, eventId: asEventId('older') }),
    ).toBe(false);
    expect(
      applyEvent(p, contract, claim('2026-12-01'), { ...stamp, eventId: asEventId('newer') }),
    ).toBe(true);
    expect(p.claimed).toEqual({ RSA: '2026-12-01' });
  });
});
