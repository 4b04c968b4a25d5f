// Envelope + Confluent wire format through a real broker, schemas from a registry over HTTP.
// The registry is a test double of the Confluent API until services/registry lands.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTopic,
  readTopic,
  startFakeSchemaRegistry,
  uniqueName,
  type FakeSchemaRegistry,
} from '@relais/testkit';
import {
  AvroSerde,
  createEnvelope,
  envelopeFromHeaders,
  envelopeToHeaders,
  fixedClock,
  headersToStrings,
  PoisonRecordError,
  readWireHeader,
} from '../src/index.ts';
import { kafkaFixture } from './support.ts';

const schemaV1 = {
  type: 'record',
  name: 'AddressChanged',
  namespace: 'fr.gouv.residence',
  fields: [
    { name: 'postcode', type: 'string', doc: 'French postcode' },
    { name: 'effectiveDate', type: { type: 'int', logicalType: 'date' } },
    { name: 'declaredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};
const schemaV2 = {
  ...schemaV1,
  fields: [...schemaV1.fields, { name: 'cityCode', type: ['null', 'string'], default: null }],
};

let fx: Awaited<ReturnType<typeof kafkaFixture>>;
let registry: FakeSchemaRegistry;
beforeAll(async () => {
  fx = await kafkaFixture();
  registry = await startFakeSchemaRegistry();
});
afterAll(async () => {
  await fx.close();
  await registry.close();
});

it('writes an enveloped Avro event in the Confluent wire format and reads it back', async () => {
  const serde = new AvroSerde(registry.url);
  const subject = uniqueName('fr.gouv.residence.AddressChanged');
  const id = await serde.register(subject, schemaV1);
  expect(await serde.register(subject, JSON.parse(JSON.stringify(schemaV1)))).toBe(id);
  const topic = await createTopic(fx.admin, 'serde');
  const envelope = createEnvelope(
    {
      source: 'urn:relais:agency:mairie-lyon',
      type: 'fr.gouv.residence.AddressChanged',
      purpose: 'address-update',
      legalbasis: 'public-task',
    },
    { clock: fixedClock('2026-03-01T10:00:00Z'), ids: () => 'evt-serde-1' },
  );
  const value = {
    postcode: '69003',
    effectiveDate: '2026-02-28',
    declaredAt: new Date('2026-03-01T09:59:00Z'),
  };
  await fx.producer.send(topic, [
    { key: 'pivot-1', value: await serde.encode(id, value), headers: envelopeToHeaders(envelope) },
  ]);

  const [record] = await readTopic(fx.plumbing, topic, 1);
  expect(readWireHeader(record?.value ?? null).schemaId).toBe(id);
  expect(record?.value?.[0]).toBe(0);
  expect(envelopeFromHeaders(record?.headers ?? {})).toEqual(envelope);
  const decoded = await serde.decode(record?.value ?? null);
  expect(decoded).toEqual({ schemaId: id, value });

  // A v2 reader resolves a v1 record (the added field takes its default).
  const idV2 = await serde.register(subject, schemaV2);
  const asV2 = await serde.decode(record?.value ?? null, idV2);
  expect(asV2.value).toEqual({ ...value, cityCode: null });
  expect(headersToStrings({ a: [Buffer.from('x'), Buffer.from('y')] })).toEqual({ a: 'y' });
});

it('refuses to encode an invalid value, naming the fields', async () => {
  const serde = new AvroSerde(registry.url);
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

it('treats an unknown schema id or a corrupt body as poison', async () => {
  const serde = new AvroSerde(registry.url);
  const unknown = Buffer.from([0, 0, 0, 0x7f, 0xff, 2, 3]);
  await expect(serde.decode(unknown)).rejects.toMatchObject({ reason: 'serde.unknown-schema' });
  const id = await serde.register(uniqueName('subject'), schemaV1);
  const corrupt = Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.from([0xff])]);
  const err = await serde.decode(corrupt).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PoisonRecordError);
  expect((err as PoisonRecordError).reason).toBe('serde.invalid-body');
});
