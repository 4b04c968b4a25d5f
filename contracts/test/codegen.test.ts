// Generated types and codecs come from the .avsc files only.
import { describe, expect, it } from 'vitest';
import { exampleMove } from '../src/examples.ts';
import { codecOf, contractNames, type AddressChanged } from '../src/generated/index.ts';

describe('generated codecs', () => {
  it('cover every contract and round-trip a typed value', () => {
    expect(contractNames).toHaveLength(25);
    const codec = codecOf('fr.gouv.residence.AddressChanged');
    const value: AddressChanged = {
      ...exampleMove(),
      effectiveDate: '2026-03-01',
      declaredAt: new Date('2026-03-02T09:30:00Z'),
    };
    expect(codec.fromBuffer(codec.toBuffer(value))).toEqual(value);
  });

  it('names the bad fields of an invalid value', () => {
    const codec = codecOf('fr.gouv.residence.AddressChanged');
    expect(codec.validate({ street: 12, postcode: '69002', moveKind: 'TELEPORT' })).toEqual(
      expect.arrayContaining([
        { field: '/street', expected: 'a string' },
        { field: '/cityCode', expected: 'required: a string' },
        {
          field: '/moveKind',
          expected: 'one of OTHER, ARRIVAL, WITHIN_COMMUNE, DEPARTURE, CORRECTION',
        },
      ]),
    );
  });
});
