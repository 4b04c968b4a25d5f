// Publishing over HTTP and over native Kafka, into the canonical topic keyed by the pivot.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvroSerde,
  createEnvelope,
  envelopeFromHeaders,
  envelopeToHeaders,
  startTelemetry,
  systemClock,
  uuidGenerator,
} from '@relais/kit';
import { readTopic, testKafka, uniqueName, waitFor } from '@relais/testkit';
import { address, readFrom, startEnv, topicEnd, type Env } from './support.ts';

let env: Env;
let mairie: string;
let citizen: Record<string, string>;
const kafka = testKafka();

beforeAll(async () => {
  // As `--import @relais/kit/telemetry/register` does for the real process.
  startTelemetry({ serviceName: 'gateway-test' });
  env = await startEnv();
  const admin = kafka.admin();
  await admin.connect();
  from = await topicEnd(admin, 'relais.events.residence');
  await admin.disconnect();
  mairie = await env.token('mairie-lyon');
  citizen = await env.enrol(['local', 'family', 'health', 'tax']);
});
afterAll(() => env.close());

/** Where the canonical topic ended before these tests: a shared broker's history is not read. */
let from: Array<{ partition: number; offset: string }>;

async function findEvent(id: string) {
  const all = await readFrom(kafka, 'relais.events.residence', from, (records) =>
    records.some((r) => r.headers['ce_id'] === id),
  );
  return all.filter((r) => r.headers['ce_id'] === id);
}

describe('HTTP publishing', () => {
  it('puts a mairie AddressChanged on the canonical topic keyed by pivot, enveloped, in the wire format', async () => {
    const res = await env.call('POST', '/v1/events/fr.gouv.residence.AddressChanged', mairie, {
      subject: citizen['local'],
      data: address,
      purpose: 'address-update',
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      contract: 'fr.gouv.residence.AddressChanged',
      topic: 'relais.events.residence',
    });
    const [record] = await findEvent(res.body.id);
    const pivot = env.gateway.directory.resolve('local', citizen['local']!);
    expect(record?.key?.toString()).toBe(pivot);
    expect(record?.key?.toString()).not.toBe(citizen['local']);
    expect(envelopeFromHeaders(record?.headers ?? {})).toMatchObject({
      id: res.body.id,
      source: `urn:relais:agency:${env.id('mairie-lyon')}`,
      type: 'fr.gouv.residence.AddressChanged',
      purpose: 'address-update',
      datacontenttype: 'application/avro',
    });
    expect(record?.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    // No personal identifier in any header.
    expect(Object.values(record?.headers ?? {}).join(' ')).not.toContain(citizen['local']);
    expect(record?.value?.[0]).toBe(0);
    const decoded = await new AvroSerde(env.registry.url).decode(record?.value ?? null);
    expect(decoded.value).toMatchObject({ ...address, declaredAt: new Date(address.declaredAt) });
  });

  it('makes a retried request with the same Idempotency-Key one event with the same answer', async () => {
    const body = { subject: citizen['local'], data: { ...address, postcode: '69003' } };
    const headers = { 'idempotency-key': 'move-2026-11-01-42' };
    const first = await env.call(
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      body,
      headers,
    );
    const second = await env.call(
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      body,
      headers,
    );
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const reused = await env.call(
      'POST',
      '/v1/events/fr.gouv.residence.AddressChanged',
      mairie,
      { ...body, data: address },
      headers,
    );
    expect(reused.status).toBe(422);
    expect(await findEvent(first.body.id)).toHaveLength(1);
  });

  it('accepts a batch whole, or refuses it whole naming the item and the field', async () => {
    const ok = await env.call('POST', '/v1/events', mairie, {
      events: [1, 2, 3].map((i) => ({
        contract: 'fr.gouv.residence.AddressChanged',
        subject: citizen['local'],
        data: { ...address, street: `${i} rue Mercière` },
      })),
    });
    expect(ok.status).toBe(202);
    expect(ok.body.accepted).toHaveLength(3);
    const bad = await env.call('POST', '/v1/events', mairie, {
      events: [
        { contract: 'fr.gouv.residence.AddressChanged', subject: citizen['local'], data: address },
        {
          contract: 'fr.gouv.residence.AddressChanged',
          subject: citizen['local'],
          data: { ...address, postcode: 69002 },
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      { field: '/body/events/1/data/postcode', expected: 'a string' },
    ]);
  });

  it('answers 4xx naming the field and the expectation, never 5xx, and keeps serving', async () => {
    const post = (
      body: unknown,
      contract = 'fr.gouv.residence.AddressChanged',
      headers?: Record<string, string>,
    ) => env.call('POST', `/v1/events/${contract}`, mairie, body, headers);
    const malformed = await post('{"subject": ', undefined);
    expect(malformed.status).toBe(400);
    const wrong = await post({
      subject: citizen['local'],
      data: { ...address, postcode: 69002, effectiveDate: '01/11/2026', moveKind: 'TELEPORT' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.problems).toEqual([
      { field: '/body/data/postcode', expected: 'a string' },
      { field: '/body/data/effectiveDate', expected: 'a calendar date "YYYY-MM-DD"' },
      {
        field: '/body/data/moveKind',
        expected: 'one of OTHER, ARRIVAL, WITHIN_COMMUNE, DEPARTURE, CORRECTION',
      },
    ]);
    const missing = await post({ data: address });
    expect(missing.body.problems).toEqual([{ field: '/body/subject', expected: 'required' }]);
    expect(
      (
        await post(
          { subject: citizen['local'], data: address },
          'fr.gouv.residence.AddressTeleported',
        )
      ).status,
    ).toBe(404);
    const unknownCitizen = await post({ subject: 'nobody-we-know', data: address });
    expect(unknownCitizen.status).toBe(422);
    expect(unknownCitizen.body.problems[0].field).toBe('/body/subject');
    const huge = await post({
      subject: citizen['local'],
      data: { ...address, street: 'x'.repeat(300 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect((await post({ subject: citizen['local'], data: address })).status).toBe(202);
  });
});

describe('native Kafka publishing', () => {
  it('takes a standard Confluent-format record from relais.ingress.<agency> to the canonical topic, and lists rejects', async () => {
    const ingress = `relais.ingress.${env.id('mairie-lyon')}`;
    const confluent = new SchemaRegistry({ host: env.registry.url });
    const schemaId = await confluent.getLatestSchemaId('fr.gouv.residence.AddressChanged');
    const producer = kafka.producer();
    await producer.connect();
    const run = uniqueName('n');
    const headers = (
      id: string,
      source = `urn:relais:agency:${env.id('mairie-lyon')}`,
      type = 'fr.gouv.residence.AddressChanged',
    ) =>
      envelopeToHeaders({
        ...createEnvelope({ source, type }, { clock: systemClock, ids: uuidGenerator }),
        id: `${id}-${run}`,
      });
    const avro = { ...address, declaredAt: new Date(address.declaredAt).getTime() };
    const good = await confluent.encode(schemaId, { ...avro, effectiveDate: 20_393 });
    const deathId = await confluent.getLatestSchemaId('fr.gouv.civilstatus.DeathDeclared');
    await producer.send({
      topic: ingress,
      acks: -1,
      messages: [
        {
          key: citizen['local']!,
          value: Buffer.from('{"json":"not avro"}'),
          headers: headers('native-json'),
        },
        {
          key: citizen['local']!,
          value: Buffer.from([0, 0, 0x0f, 0xff, 0xff, 1]),
          headers: headers('native-unknown-schema'),
        },
        {
          key: citizen['local']!,
          value: good,
          headers: headers('native-wrong-source', 'urn:relais:agency:someone-else'),
        },
        {
          key: citizen['local']!,
          value: await confluent.encode(deathId, {
            dateOfDeath: 20_393,
            communeOfDeathCode: '69123',
            declaredAt: Date.now(),
          }),
          headers: headers('native-not-owned', undefined, 'fr.gouv.civilstatus.DeathDeclared'),
        },
        { key: citizen['local']!, value: good, headers: headers('native-good') },
      ],
    });
    await producer.disconnect();
    const [event] = await findEvent(`native-good-${run}`);
    expect(event?.key?.toString()).toBe(env.gateway.directory.resolve('local', citizen['local']!));
    expect(envelopeFromHeaders(event?.headers ?? {}).source).toBe(
      `urn:relais:agency:${env.id('mairie-lyon')}`,
    );
    const rejects = await waitFor(
      async () => {
        const res = await env.call('GET', '/v1/rejects', mairie);
        return res.body.rejects.length >= 4 ? res.body.rejects : undefined;
      },
      { what: 'four rejects listed' },
    );
    expect(
      rejects
        .map(
          (r: { eventId: string; reason: string }) =>
            `${r.eventId.replace(`-${run}`, '')} ${r.reason}`,
        )
        .sort(),
    ).toEqual([
      'native-json serde.wire-format',
      'native-not-owned ingress.forbidden',
      'native-unknown-schema serde.unknown-schema',
      'native-wrong-source ingress.source',
    ]);
    expect(rejects[0].origin.topic).toBe(ingress);
    const onTopic = await readTopic(kafka, `relais.rejects.${env.id('mairie-lyon')}`, 4);
    expect(onTopic.map((r) => r.headers['relais_dlq_reason']).sort()).toEqual([
      'ingress.forbidden',
      'ingress.source',
      'serde.unknown-schema',
      'serde.wire-format',
    ]);
  });
});
