// The publishing decision, pure: refusals carry a domain code, never an HTTP status.
import { describe, expect, it } from 'vitest';
import { asAgencyId } from '@relais/contracts';
import { asPivot, type Pivot } from '@relais/identity';
import { decidePublish, type PublishInput } from '../src/domain/events.ts';
import { publishRefused } from '../src/errors.ts';

const mairie = {
  id: asAgencyId('mairie-lyon'),
  sector: 'local',
  urn: 'urn:relais:agency:mairie-lyon',
};
const contract = {
  fullName: 'fr.gouv.residence.AddressChanged',
  owner: 'mairie-lyon',
  publishers: ['mairie-lyon'],
  domain: 'residence',
};
const enrolled = (pseudonym: string): Pivot | undefined =>
  pseudonym === 'known' ? asPivot('pivot-1') : undefined;
const input = (over: Partial<PublishInput> = {}): PublishInput => ({
  agency: mairie,
  contract,
  contractName: contract.fullName,
  event: { subject: 'known', data: {} },
  dataProblems: [],
  pointer: '/body',
  pivotOf: (_sector, pseudonym) => enrolled(pseudonym),
  now: new Date('2026-11-02T09:30:00Z'),
  ...over,
});

describe('decidePublish', () => {
  it('refuses a fact dated in the future beyond the clock skew, naming /body/time (dec-030)', () => {
    const at = (time: string) =>
      decidePublish(input({ event: { subject: 'known', data: {}, time } }));
    expect(at('2026-11-02T10:30:00Z')).toEqual({
      ok: false,
      refusal: {
        code: 'invalid-event',
        problems: [
          {
            field: '/body/time',
            expected:
              'when the fact happened: at most 300 s after now (2026-11-02T09:30:00.000Z), got 2026-11-02T10:30:00Z',
          },
        ],
      },
    });
    expect(at('2026-11-02T09:34:59+00:00')).toMatchObject({ ok: true });
    expect(at('2020-01-01T00:00:00Z')).toMatchObject({ ok: true, time: '2020-01-01T00:00:00Z' });
  });

  it('accepts an owned contract, valid fields and an enrolled subject, re-keyed to the pivot', () => {
    expect(
      decidePublish(input({ event: { subject: 'known', data: {}, purpose: 'address-update' } })),
    ).toMatchObject({ ok: true, subject: 'known', pivot: 'pivot-1', purpose: 'address-update' });
  });

  it('refuses with a code, in order: contract, publisher, fields, subject', () => {
    const refusal = (over: Partial<PublishInput>) => {
      const d = decidePublish(input(over));
      return d.ok ? undefined : d.refusal;
    };
    expect(refusal({ contract: undefined, contractName: 'fr.gouv.Nope' })).toEqual({
      code: 'contract-unknown',
      contract: 'fr.gouv.Nope',
    });
    expect(refusal({ agency: { ...mairie, id: asAgencyId('caf') } })).toEqual({
      code: 'not-publisher',
      agency: 'caf',
      contract: contract.fullName,
      owner: 'mairie-lyon',
    });
    expect(
      refusal({
        event: { subject: '', data: {}, time: 'yesterday' },
        dataProblems: [{ field: '/postcode', expected: 'a string' }],
        pointer: '/body/events/1',
      }),
    ).toEqual({
      code: 'invalid-event',
      problems: [
        {
          field: '/body/events/1/subject',
          expected: "the citizen's pseudonym in your sector (1 to 128 characters)",
        },
        { field: '/body/events/1/data/postcode', expected: 'a string' },
        { field: '/body/events/1/time', expected: 'an RFC 3339 timestamp' },
      ],
    });
    expect(refusal({ event: { subject: 'stranger', data: {} } })).toEqual({
      code: 'subject-unknown',
      field: '/body/subject',
      sector: 'local',
    });
  });

  it('maps each refusal to the table of errors at the edge', () => {
    expect(publishRefused({ code: 'contract-unknown', contract: 'x' })).toMatchObject({
      code: 'notFound',
      reason: 'gateway.contract-unknown',
    });
    expect(
      publishRefused({
        code: 'not-publisher',
        agency: asAgencyId('caf'),
        contract: 'c',
        owner: 'o',
      }),
    ).toMatchObject({
      code: 'forbidden',
      status: 403,
      message: 'agency caf may not publish c: it is owned by o',
    });
    expect(
      publishRefused({ code: 'invalid-event', problems: [{ field: '/body/data', expected: 'x' }] }),
    ).toMatchObject({ status: 400, problems: [{ field: '/body/data', expected: 'x' }] });
    expect(
      publishRefused({ code: 'subject-unknown', field: '/body/subject', sector: 'local' }),
    ).toMatchObject({ status: 422, reason: 'gateway.subject-unknown' });
  });
});
