// relais.access-log → GET /v1/me/access-log: the caller's records only, once each.
import { createHash, randomUUID } from 'node:crypto';
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
      eventId: 'evt-2',
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
      eventId: 'evt-1',
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

/** The chain's formula (router, dec-015), written out again: sha256(previous ‖ \n ‖ canonical). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}
const chained = (content: Record<string, unknown>) =>
  createHash('sha256')
    .update(`${(content['previousHash'] as string | null) ?? ''}\n${canonical(content)}`)
    .digest('hex');

it("hands a citizen the chain proof of their own record, nobody else's content, and 404 for another's", async () => {
  const at = (iso: string) => new Date(iso);
  const records = [
    { who: bob, accessId: randomUUID(), recordedAt: at('2026-11-05T08:00:00Z') },
    { who: alice, accessId: randomUUID(), recordedAt: at('2026-11-05T09:00:00Z') },
    { who: bob, accessId: randomUUID(), recordedAt: at('2026-11-05T10:00:00Z') },
  ];
  // Alice and Bob on one partition of a one-partition chain of their own: a fresh topic.
  let previousHash: string | null = null;
  const messages = [];
  const hashes: string[] = [];
  for (const r of records) {
    const content = {
      ...base,
      accessId: r.accessId,
      recordedAt: r.recordedAt.toISOString(),
      previousHash,
    };
    const hash = chained(content);
    hashes.push(hash);
    messages.push({
      key: r.who.pivot,
      value: await accessRecord({ ...content, recordedAt: r.recordedAt, hash }),
    });
    previousHash = hash;
  }
  // Same key → same partition only per citizen; send each to partition 0 to make one chain.
  await producer.send({
    topic: env.topics.accessLog,
    acks: -1,
    messages: messages.map((m) => ({ ...m, partition: 0 })),
  });
  const id = records[1]!.accessId;
  const proof = await waitFor(
    async () => {
      const res = await env.call('GET', `/v1/me/access-log/${id}/proof`, alice.token);
      return res.status === 200 && res.body.next && res;
    },
    { what: "alice's proof with its next link" },
  );
  expect(proof.body.link).toMatchObject({ partition: 0, hash: hashes[1], previousHash: hashes[0] });
  expect(chained(proof.body.link.content)).toBe(hashes[1]);
  expect(proof.body.previous).toEqual({ offset: proof.body.link.offset - 1, hash: hashes[0] });
  expect(proof.body.next).toEqual({ offset: proof.body.link.offset + 1, previousHash: hashes[1] });
  expect(proof.body.head.hash).toBe(hashes[2]);
  expect(proof.body.entry.recipient).toEqual({ id: 'caf', name: expect.any(String) });
  // Bob's records are in the chain, but only by their hashes; Bob's own id is a 404 for Alice.
  expect(JSON.stringify(proof.body)).not.toContain(records[0]!.accessId);
  const other = await env.call(
    'GET',
    `/v1/me/access-log/${records[0]!.accessId}/proof`,
    alice.token,
  );
  expect(other.status).toBe(404);
  expect(other.body.code).toBe('consent.access-record-not-found');
});
