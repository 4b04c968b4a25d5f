// consume() against a real broker and registry: decoding, typing, de-duplication, dead letters.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createEnvelope, envelopeToHeaders, fixedClock, type Envelope } from '@relais/kit';
import { kafkaBrokers, readTopic, waitFor } from '@relais/testkit';
import type { Producer } from 'kafkajs';
import {
  createRelaisClient,
  deadLetterOrigin,
  type ContractTypes,
  type Delivery,
  type RelaisClient,
} from '../src/index.ts';
import { fakeAgency, fixture, type Fixture } from './support.ts';

const ADDRESS = 'fr.gouv.residence.AddressChanged';
const INCOME = 'fr.gouv.tax.IncomeAssessed';

let fx: Fixture;
let producer: Producer;
const clients: RelaisClient[] = [];

beforeAll(async () => {
  fx = await fixture();
  producer = fx.kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.disconnect()));
  await producer?.disconnect();
  await fx?.close();
});

async function clientFor(agency: string): Promise<RelaisClient> {
  await fx.agencyTopics(agency);
  const client = createRelaisClient({
    agency,
    brokers: kafkaBrokers(),
    registryUrl: fx.registry.url,
    logger: fx.logger,
  });
  clients.push(client);
  await client.connect();
  return client;
}

let nextId = 0;
function envelope(type: string, source = 'urn:relais:agency:relais'): Envelope {
  nextId += 1;
  return createEnvelope(
    { source, type, purpose: 'address-update', legalbasis: 'consent', consentid: 'c-1' },
    { clock: fixedClock('2025-03-02T10:00:00Z'), ids: () => `evt-${nextId}-${Date.now()}` },
  );
}

interface Written {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

async function delivery(subject: string, contract: string, schemaId: number, data: unknown) {
  const env = envelope(contract);
  return {
    key: subject,
    value: await fx.serde.encode(schemaId, data),
    headers: envelopeToHeaders(env),
  } satisfies Written;
}

const address = {
  street: '12 rue de la République',
  additionalLine: 'Bâtiment B',
  postcode: '69002',
  cityCode: '69123',
  city: 'LYON',
  countryCode: 'FR',
  effectiveDate: '2025-03-01',
  moveKind: 'ARRIVAL',
  declaredAt: new Date('2025-03-02T09:30:00.000Z'),
} satisfies ContractTypes[typeof ADDRESS];

const income = {
  taxYear: 2024,
  referenceTaxIncomeCents: 2_350_000,
  taxSharesQuarters: 10,
  members: [{ role: 'DECLARANT', birthDate: '1985-06-15', sharedResidence: false }],
  assessmentDate: '2025-07-25',
} satisfies ContractTypes[typeof INCOME];

describe('consume', () => {
  it('hands each delivery once, typed, and skips a duplicate event id', async () => {
    const agency = fakeAgency();
    const client = await clientFor(agency);
    const first = await delivery(
      'pseudo-family-A',
      ADDRESS,
      await fx.serde.latestId(ADDRESS),
      address,
    );
    const second = await delivery(
      'pseudo-family-B',
      INCOME,
      await fx.serde.latestId(INCOME),
      income,
    );
    await producer.send({ topic: client.deliveriesTopic, messages: [first, second, first] });

    const seen: Delivery[] = [];
    const cities: string[] = [];
    const subscription = await client.consume(async (d) => {
      seen.push(d);
      // Discriminated on `type`: the data is the contract's (projected, hence partial) type.
      if (d.type === ADDRESS) {
        expectTypeOf(d.data.city).toEqualTypeOf<string | undefined>();
        cities.push(d.data.city ?? '');
      }
    });
    expect(subscription.topic).toBe(`relais.deliveries.${agency}`);
    expect(subscription.groupId).toBe(`relais-sdk.${agency}`);

    await waitFor(() => subscription.stats.handled + subscription.stats.duplicates >= 3, {
      what: 'three records consumed',
      timeoutMs: 30_000,
    });
    expect(seen).toHaveLength(2);
    expect(subscription.stats).toMatchObject({ handled: 2, duplicates: 1, deadLettered: 0 });
    expect(cities).toEqual(['LYON']);

    const [a, b] = seen as [Delivery<typeof ADDRESS>, Delivery<typeof INCOME>];
    expect(a).toMatchObject({
      id: first.headers['ce_id'],
      type: ADDRESS,
      subject: 'pseudo-family-A',
      topic: client.deliveriesTopic,
      partition: 0,
      offset: '0',
    });
    expect(a.data).toEqual(address);
    expect(a.data.declaredAt).toBeInstanceOf(Date);
    expect(a.envelope).toMatchObject({ purpose: 'address-update', legalbasis: 'consent' });
    expect(b).toMatchObject({ type: INCOME, subject: 'pseudo-family-B', offset: '1' });
    expect(b.data).toEqual(income);
    await subscription.stop();
  });

  it('decodes projected schemas and dead-letters a poison record without stopping', async () => {
    const agency = fakeAgency();
    const client = await clientFor(agency);
    // A projection as the router registers it: the contract's name, the subscription's fields.
    const projectedId = await fx.serde.register(`sdk-test.${agency}.${ADDRESS}`, {
      type: 'record',
      name: 'AddressChanged',
      namespace: 'fr.gouv.residence',
      fields: [
        { name: 'postcode', type: 'string' },
        { name: 'cityCode', type: 'string' },
        { name: 'effectiveDate', type: { type: 'int', logicalType: 'date' } },
      ],
    });
    expect(projectedId).not.toBe(await fx.serde.latestId(ADDRESS));
    const projected = { postcode: '69002', cityCode: '69123', effectiveDate: '2025-03-01' };
    const poison = {
      key: 'pseudo-P',
      value: Buffer.from('not the wire format'),
      headers: envelopeToHeaders(envelope(ADDRESS)),
    };
    const good = await delivery('pseudo-Q', ADDRESS, projectedId, projected);
    await producer.send({ topic: client.deliveriesTopic, messages: [poison, good] });

    const seen: Delivery[] = [];
    const subscription = await client.consume(
      (d) => {
        seen.push(d);
      },
      { groupId: `relais-sdk.${agency}.projected` },
    );
    expect(subscription.deadLetterTopic).toBe(`relais.dlq.sdk.${agency}`);
    await waitFor(() => seen.length === 1, { what: 'the projected delivery', timeoutMs: 30_000 });
    expect(seen[0]).toMatchObject({ type: ADDRESS, subject: 'pseudo-Q', offset: '1' });
    expect(seen[0]!.data).toEqual(projected);
    expect(subscription.stats).toMatchObject({ handled: 1, deadLettered: 1, duplicates: 0 });

    const [dead] = await readTopic(fx.kafka, subscription.deadLetterTopic, 1);
    expect(dead!.key?.toString()).toBe('pseudo-P');
    expect(dead!.value?.toString()).toBe('not the wire format');
    expect(deadLetterOrigin(dead!.headers)).toMatchObject({
      reason: 'serde.wire-format',
      topic: client.deliveriesTopic,
      partition: 0,
      offset: '0',
    });
    expect(dead!.headers['ce_id']).toBe(poison.headers['ce_id']);
    await subscription.stop();
  });

  it('remembers only the last dedupCapacity ids; a retried delivery is no duplicate', async () => {
    const agency = fakeAgency();
    const client = await clientFor(agency);
    const id = await fx.serde.latestId(ADDRESS);
    const one = await delivery('pseudo-1', ADDRESS, id, address);
    const two = await delivery('pseudo-2', ADDRESS, id, address);
    // Capacity 1: `one` is forgotten once `two` was handled, so its third copy is handled again.
    await producer.send({ topic: client.deliveriesTopic, messages: [one, one, two, one] });
    const ids: string[] = [];
    let failures = 0;
    const subscription = await client.consume(
      (d) => {
        if (d.subject === 'pseudo-1' && failures === 0) {
          failures += 1;
          throw new Error('downstream unavailable');
        }
        ids.push(d.id);
      },
      { dedupCapacity: 1, retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 20 } },
    );
    await waitFor(() => ids.length === 3, { what: 'three deliveries handled', timeoutMs: 30_000 });
    expect(ids).toEqual([one.headers['ce_id'], two.headers['ce_id'], one.headers['ce_id']]);
    expect(subscription.stats).toMatchObject({ handled: 3, duplicates: 1, retried: 1 });
    await subscription.stop();
  });

  it('dead-letters a delivery whose ce_type is not the schema it was written with', async () => {
    const agency = fakeAgency();
    const client = await clientFor(agency);
    const mislabelled = await delivery(
      'pseudo-R',
      INCOME,
      await fx.serde.latestId(ADDRESS),
      address,
    );
    await producer.send({ topic: client.deliveriesTopic, messages: [mislabelled] });
    const seen: Delivery[] = [];
    const subscription = await client.consume((d) => {
      seen.push(d);
    });
    const [dead] = await readTopic(fx.kafka, subscription.deadLetterTopic, 1);
    expect(deadLetterOrigin(dead!.headers).reason).toBe('sdk.type-mismatch');
    expect(seen).toHaveLength(0);
    await subscription.stop();
  });
});
