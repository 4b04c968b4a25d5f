import { describe, expect, it } from 'vitest';
import { avroType, readWireHeader, validateAvro } from '../src/index.ts';

const schema = {
  type: 'record',
  name: 'AddressChanged',
  namespace: 'fr.gouv.residence',
  fields: [
    { name: 'effectiveDate', type: { type: 'int', logicalType: 'date' } },
    { name: 'recordedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'postcode', type: 'string' },
    {
      name: 'kind',
      type: { type: 'enum', name: 'Kind', symbols: ['MAIN', 'SECONDARY'], default: 'MAIN' },
    },
    { name: 'rentCents', type: ['null', 'long'], default: null },
  ],
};

describe('Avro logical types', () => {
  const type = avroType(schema);

  it('maps date to YYYY-MM-DD and timestamp-millis to Date', () => {
    const value = {
      effectiveDate: '2026-02-28',
      recordedAt: new Date('2026-03-01T10:00:00.123Z'),
      postcode: '69003',
      kind: 'MAIN',
      rentCents: 65_000,
    };
    const back = type.fromBuffer(type.toBuffer(value)) as typeof value;
    expect(back).toEqual(value);
  });

  it('accepts an RFC 3339 string for a timestamp on write', () => {
    const buf = type.toBuffer({
      effectiveDate: '2026-02-28',
      recordedAt: '2026-03-01T10:00:00Z',
      postcode: '69003',
      kind: 'SECONDARY',
      rentCents: null,
    });
    expect((type.fromBuffer(buf) as { recordedAt: Date }).recordedAt.toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
  });

  it('names each invalid field with what it expected, never the value', () => {
    const problems = validateAvro(type, {
      effectiveDate: '2026-02-30',
      recordedAt: 'soon',
      kind: 'HOLIDAY',
      rentCents: 'a lot',
    });
    expect(problems).toEqual([
      { field: '/effectiveDate', expected: 'a calendar date "YYYY-MM-DD"' },
      { field: '/recordedAt', expected: 'an RFC 3339 timestamp' },
      { field: '/postcode', expected: 'required: a string' },
      { field: '/kind', expected: 'one of MAIN, SECONDARY' },
      { field: '/rentCents', expected: 'null or an integer' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('a lot');
  });

  it('reads the Confluent wire header and rejects anything else', () => {
    const ok = Buffer.from([0, 0, 0, 1, 44, 1, 2]);
    expect(readWireHeader(ok)).toEqual({ schemaId: 300 });
    expect(() => readWireHeader(Buffer.from('{"json":true}'))).toThrow(/magic byte 0/);
    expect(() => readWireHeader(Buffer.from([0, 1]))).toThrow(/2 byte/);
    expect(() => readWireHeader(null)).toThrow(/no value/);
  });
});
