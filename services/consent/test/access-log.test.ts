// relais.access-log → GET /v1/me/access-log: the caller's records only, once each.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AvroSerde } from '@relais/kit';
import { testKafka, waitFor } from '@relais/testkit';
import { startEnv, type Enrolled, type Env } from './support.ts';

let env: Env;
let alice: Enrolled;
let bob: Enrolled;
const kafka = testKafka();
const producer = kafka.producer();

beforeAll(async () => {
  env = await startEnv();
  alice = await env.enrol();
  bob = await env.enrol();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await env?.close();
});

/** An AccessRecorded as the router writes it: wire format, key = the citizen's pivot. */
async function accessRecord(fields: Record<string, unknown>): Promise<Buffer> {
  const serde = new AvroSerde(env.registry.url);
  const id = await serde.latestId('fr.gouv.relais.AccessRecorded');
  // Optional fields this test does not care about (e.g. the hash chain's) take their default.
  const type = (await serde.typeOf(id)) as unknown as {
    fields: Array<{ name: string; defaultValue(): unknown }>;
  };
  const value: Record<string, unknown> = {};
  for (const f of type.fields) value[f.name] = f.name in fields ? fields[f.name] : f.defaultValue();
  return serde.encode(id, value);
}

const base = {
  eventId: 'evt-1',
  recipient: 'caf',
  contract: 'fr.gouv.residence.AddressChanged',
  fields: ['street', 'postcode', 'city'],
  legalBasis: 'CONSENT',
  consentId: 'consent-1',
  purpose: 'address-update',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};

it("shows exactly the citizen's records, newest first, each once", async () => {
  const first = { ...base, accessId: randomUUID(), recordedAt: new Date('2026-11-02T09:30:00Z') };
  const second = {
    ...base,
    accessId: randomUUID(),
    eventId: 'evt-2',
    recipient: 'dgfip',
    legalBasis: 'LEGAL_OBLIGATION',
    consentId: null,
    traceId: null,
    recordedAt: new Date('2026-11-03T10:00:00Z'),
  };
  const bobs = { ...base, accessId: randomUUID(), recordedAt: new Date('2026-11-04T08:00:00Z') };
  const firstBytes = await accessRecord(first);
  await producer.send({
    topic: env.topics.accessLog,
    acks: -1,
    messages: [
      { key: alice.pivot, value: firstBytes },
      // At-least-once upstream: the same record again.
      { key: alice.pivot, value: firstBytes },
      { key: alice.pivot, value: await accessRecord(second) },
      { key: bob.pivot, value: await accessRecord(bobs) },
    ],
  });

  const get = (token: string) => env.call('GET', '/v1/me/access-log', token);
  const aliceLog = await waitFor(
    async () => {
      const res = await get(alice.token);
      return res.body.records?.length >= 2 && res;
    },
    { what: "alice's two access records" },
  );
  await waitFor(async () => (await get(bob.token)).body.records?.length === 1, {
    what: "bob's access record",
  });
  // Both of alice's records (the duplicate between them) are on one partition: all were read.
  expect(aliceLog.status).toBe(200);
  expect(aliceLog.body.records).toEqual([
    {
      accessId: second.accessId,
      recipient: { id: 'dgfip', name: 'Direction générale des Finances publiques' },
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['street', 'postcode', 'city'],
      legalBasis: 'legal-obligation',
      consentId: null,
      purpose: 'address-update',
      recordedAt: '2026-11-03T10:00:00.000Z',
      traceId: null,
    },
    {
      accessId: first.accessId,
      recipient: { id: 'caf', name: "Caisse d'allocations familiales du Rhône" },
      contract: 'fr.gouv.residence.AddressChanged',
      fields: ['street', 'postcode', 'city'],
      legalBasis: 'consent',
      consentId: 'consent-1',
      purpose: 'address-update',
      recordedAt: '2026-11-02T09:30:00.000Z',
      traceId: base.traceId,
    },
  ]);
  const bobLog = await get(bob.token);
  expect(bobLog.body.records.map((r: any) => r.accessId)).toEqual([bobs.accessId]);
});

it('answers 401 without a citizen token', async () => {
  const res = await env.call('GET', '/v1/me/access-log');
  expect(res.status).toBe(401);
});
