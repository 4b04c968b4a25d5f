// @relais/kit's AvroSerde against the real registry: validation before encoding, poison on read.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueName } from '@relais/testkit';
import { AvroSerde, PoisonRecordError } from '@relais/kit';
import type { RunningRegistry } from '../src/index.ts';
import { registryFactory, stewardAuth } from './support.ts';

const factory = registryFactory('serde');
let r: RunningRegistry;
beforeAll(async () => {
  r = await factory.start();
});
afterAll(() => factory.closeAll());

const schemaV1 = {
  type: 'record',
  name: 'AddressChanged',
  namespace: 'fr.gouv.serdetest',
  fields: [
    { name: 'postcode', type: 'string' },
    { name: 'effectiveDate', type: { type: 'int', logicalType: 'date' } },
    { name: 'declaredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const schemaV2 = {
  ...schemaV1,
  fields: [...schemaV1.fields, { name: 'cityCode', type: ['null', 'string'], default: null }],
};

it('refuses to encode an invalid value, naming the fields', async () => {
  const serde = new AvroSerde(r.url, { auth: stewardAuth });
  const id = await serde.register(uniqueName('subject'), schemaV1);
  await expect(
    serde.encode(id, { postcode: 69003, effectiveDate: '28/02/2026' }),
  ).rejects.toMatchObject({
    code: 'validation',
    problems: [
      { field: '/postcode', expected: 'a string' },
      { field: '/effectiveDate', expected: 'a calendar date "YYYY-MM-DD"' },
      { field: '/declaredAt', expected: 'required: an RFC 3339 timestamp' },
    ],
  });
});

it('resolves an old record with a newer reader schema', async () => {
  const serde = new AvroSerde(r.url, { auth: stewardAuth });
  const subject = uniqueName('subject');
  const id = await serde.register(subject, schemaV1);
  const value = {
    postcode: '69003',
    effectiveDate: '2026-02-28',
    declaredAt: new Date('2026-03-01T09:59:00Z'),
  };
  const bytes = await serde.encode(id, value);
  const idV2 = await serde.register(subject, schemaV2);
  expect((await serde.decode(bytes, idV2)).value).toEqual({ ...value, cityCode: null });
});

it('treats an unknown schema id or a corrupt body as poison', async () => {
  const serde = new AvroSerde(r.url, { auth: stewardAuth });
  await expect(serde.decode(Buffer.from([0, 0, 0x7f, 0xff, 0xff, 2, 3]))).rejects.toMatchObject({
    reason: 'serde.unknown-schema',
  });
  const id = await serde.register(uniqueName('subject'), schemaV1);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  const err = await serde
    .decode(Buffer.concat([header, Buffer.from([0xff])]))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PoisonRecordError);
  expect((err as PoisonRecordError).reason).toBe('serde.invalid-body');
});
