// Standard clients against the running registry: the Confluent JS client and Relais' own serde,
// with records through the real broker.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, readTopic, testKafka, uniqueName } from '@relais/testkit';
import {
  AvroSerde,
  createEnvelope,
  envelopeFromHeaders,
  envelopeToHeaders,
  fixedClock,
} from '@relais/kit';
import type { RunningRegistry } from '../src/index.ts';
import { registryFactory, stewardAuth } from './support.ts';

const factory = registryFactory('clients');
let r: RunningRegistry;
beforeAll(async () => {
  r = await factory.start();
});
afterAll(() => factory.closeAll());

const schema = {
  type: 'record',
  name: 'AddressChanged',
  namespace: 'fr.gouv.clienttest',
  fields: [
    { name: 'postcode', type: 'string' },
    { name: 'effectiveDate', type: { type: 'int', logicalType: 'date' } },
  ],
};

describe('@kafkajs/confluent-schema-registry against the Relais registry', () => {
  it('registers, encodes, decodes, and is refused an incompatible schema', async () => {
    const registry = new SchemaRegistry({ host: r.url, auth: stewardAuth });
    const subject = uniqueName('fr.gouv.clienttest.AddressChanged');
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    );
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
    const encoded = await registry.encode(id, { postcode: '69003', effectiveDate: 20_500 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readUInt32BE(1)).toBe(id);
    // A fresh client (no cache) fetches the writer schema by id from the registry.
    expect(await new SchemaRegistry({ host: r.url }).decode(encoded)).toEqual({
      postcode: '69003',
      effectiveDate: 20_500,
    });
    const incompatible = { ...schema, fields: [...schema.fields, { name: 'floor', type: 'int' }] };
    await expect(
      registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(incompatible) },
        { subject },
      ),
    ).rejects.toThrow(/incompatible/i);
  });
});

describe('Relais serde (@relais/kit AvroSerde) with the registry, through Kafka', () => {
  it('writes an enveloped event in the Confluent wire format and reads it back', async () => {
    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    const topic = await createTopic(admin, 'relais.events.clienttest');
    const producer = kafka.producer();
    await producer.connect();
    const serde = new AvroSerde(r.url, { auth: stewardAuth });
    const subject = uniqueName('fr.gouv.clienttest.AddressChanged');
    const id = await serde.register(subject, schema);
    const envelope = createEnvelope(
      {
        source: 'urn:relais:agency:mairie-lyon',
        type: 'fr.gouv.residence.AddressChanged',
        purpose: 'address-update',
        legalbasis: 'public-task',
      },
      { clock: fixedClock('2026-03-01T10:00:00Z'), ids: () => 'evt-1' },
    );
    const value = { postcode: '69003', effectiveDate: '2026-02-28' };
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: 'pivot-1',
          value: await serde.encode(id, value),
          headers: envelopeToHeaders(envelope),
        },
      ],
    });
    const [rec] = await readTopic(kafka, topic, 1);
    expect(envelopeFromHeaders(rec?.headers ?? {})).toEqual(envelope);
    // Another reader, another serde instance: the schema comes from the registry by id.
    expect(await new AvroSerde(r.url).decode(rec?.value ?? null)).toEqual({ schemaId: id, value });
    await producer.disconnect();
    await admin.disconnect();
  });
});
