// publish() against a real broker and a real registry holding the catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, envelopeFromHeaders } from '@relais/kit';
import { kafkaBrokers, readTopic } from '@relais/testkit';
import type { ContractTypes } from '@relais/contracts/generated';
import { createRelaisClient, type PublishInput, type RelaisClient } from '../src/index.ts';
import { fakeAgency, fixture, recordCount, type Fixture } from './support.ts';

const CONTRACT = 'fr.gouv.residence.AddressChanged';

const address: ContractTypes[typeof CONTRACT] = {
  street: '12 rue de la République',
  additionalLine: null,
  postcode: '69002',
  cityCode: '69123',
  city: 'LYON',
  countryCode: 'FR',
  effectiveDate: '2025-03-01',
  moveKind: 'WITHIN_COMMUNE',
  declaredAt: new Date('2025-03-02T09:30:00.000Z'),
};

let fx: Fixture;
let client: RelaisClient;
const agency = fakeAgency();

beforeAll(async () => {
  fx = await fixture();
  await fx.agencyTopics(agency);
  client = createRelaisClient({
    agency,
    brokers: kafkaBrokers(),
    registryUrl: fx.registry.url,
    logger: fx.logger,
  });
  await client.connect();
});
afterAll(async () => {
  await client?.disconnect();
  await fx?.close();
});

describe('publish', () => {
  it('lands on relais.ingress.<agency>, keyed by the pseudonym, enveloped and wire-encoded', async () => {
    const subject = 'pseudo-local-7f3a9c';
    const time = new Date('2025-03-02T09:30:00.000Z');
    const receipt = await client.publish(CONTRACT, {
      subject,
      data: address,
      purpose: 'address-update',
      legalBasis: 'public-task',
      time,
    });
    expect(receipt).toMatchObject({
      contract: CONTRACT,
      topic: `relais.ingress.${agency}`,
      schemaId: await fx.serde.latestId(CONTRACT),
    });

    const [record] = await readTopic(fx.kafka, receipt.topic, 1);
    expect(record).toBeDefined();
    expect(record!.partition).toBe(receipt.partition);
    expect(record!.offset).toBe(receipt.offset);
    expect(record!.key?.toString()).toBe(subject);
    // The pseudonym is the key and nowhere else.
    expect(Object.values(record!.headers).some((v) => v.includes(subject))).toBe(false);

    const envelope = envelopeFromHeaders(record!.headers);
    expect(envelope).toMatchObject({
      specversion: '1.0',
      id: receipt.id,
      source: `urn:relais:agency:${agency}`,
      type: CONTRACT,
      time: time.toISOString(),
      datacontenttype: 'application/avro',
      purpose: 'address-update',
      legalbasis: 'public-task',
      dataschema: `${fx.registry.url}/schemas/ids/${receipt.schemaId}`,
    });
    expect(envelope.consentid).toBeUndefined();
    // Only present when a span is active (telemetry started): then a valid W3C traceparent.
    const traceparent = record!.headers['traceparent'];
    if (traceparent !== undefined)
      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);

    expect(record!.value?.[0]).toBe(0);
    expect(record!.value?.readUInt32BE(1)).toBe(receipt.schemaId);
    const decoded = await fx.serde.decode(record!.value);
    expect(decoded.schemaId).toBe(receipt.schemaId);
    expect(decoded.value).toEqual(address);
  });

  it('refuses invalid input naming every field, and produces nothing', async () => {
    const before = await recordCount(fx.admin, client.ingressTopic);
    const bad = {
      ...address,
      postcode: 69002,
      moveKind: 'TELEPORTED',
      effectiveDate: '2025-02-30',
      street: undefined,
    } as unknown as ContractTypes[typeof CONTRACT];
    const error = await client
      .publish(CONTRACT, { subject: 'x'.repeat(129), data: bad, purpose: 'Address Update' })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('validation');
    expect(appError.status).toBe(400);
    expect(appError.problems.map((p) => p.field).sort()).toEqual([
      '/data/effectiveDate',
      '/data/moveKind',
      '/data/postcode',
      '/data/street',
      '/purpose',
      '/subject',
    ]);
    expect(appError.message).toContain('/data/postcode: expected a string');
    // Values are never echoed: they may be personal data.
    expect(appError.message).not.toContain('69002');

    const empty = await client.publish(CONTRACT, { subject: '', data: address }).catch((e) => e);
    expect((empty as AppError).problems.map((p) => p.field)).toEqual(['/subject']);

    const consent = await client
      .publish(CONTRACT, {
        subject: 'pseudo-1',
        data: address,
        legalBasis: 'consent',
      } as unknown as PublishInput<typeof CONTRACT>)
      .catch((e) => e);
    expect((consent as AppError).problems.map((p) => p.field)).toEqual(['/consentId']);

    const unknown = await client
      .publish('fr.gouv.nowhere.Nothing' as typeof CONTRACT, { subject: 'p', data: address })
      .catch((e) => e);
    expect((unknown as AppError).problems.map((p) => p.field)).toEqual(['/contract']);

    expect(await recordCount(fx.admin, client.ingressTopic)).toBe(before);
  });

  it('publishes a consent-based event with its consent id', async () => {
    const receipt = await client.publish(CONTRACT, {
      subject: 'pseudo-consent',
      data: address,
      purpose: 'address-update',
      legalBasis: 'consent',
      consentId: 'consent-42',
    });
    const records = await readTopic(fx.kafka, receipt.topic, 2);
    const record = records.find((r) => r.headers['ce_id'] === receipt.id);
    expect(envelopeFromHeaders(record!.headers)).toMatchObject({
      legalbasis: 'consent',
      consentid: 'consent-42',
    });
  });

  it('refuses to publish before connect()', async () => {
    const idle = createRelaisClient({
      agency,
      brokers: ['127.0.0.1:9'],
      registryUrl: fx.registry.url,
      logger: fx.logger,
    });
    await expect(idle.publish(CONTRACT, { subject: 'p', data: address })).rejects.toThrow(
      /not connected/,
    );
    expect(() =>
      createRelaisClient({ agency: 'Not An Id', brokers: [], registryUrl: 'ftp://x' }),
    ).toThrow(/\/agency.*\/brokers.*\/registryUrl/);
  });
});
