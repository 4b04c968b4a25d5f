// Grant → signed receipt → list → revoke, read back from the consents topic as whole documents.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConsentDocument } from '@relais/contracts';
import { readTopic, testKafka } from '@relais/testkit';
import { startEnv, type Enrolled, type Env } from './support.ts';

let env: Env;
let alice: Enrolled;
let bob: Enrolled;

beforeAll(async () => {
  env = await startEnv();
  alice = await env.enrol();
  bob = await env.enrol();
});
afterAll(async () => {
  await env?.close();
});

const grant = {
  purpose: 'address-update',
  recipient: 'caf',
  categories: ['address', 'identity'],
};

describe('consents', () => {
  let consentId: string;

  it('grants a consent with a receipt that verifies with the served JWKS and names no pivot', async () => {
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const res = await env.call('POST', '/v1/me/consents', alice.token, { ...grant, expiresAt });
    expect(res.status).toBe(201);
    const { consent, receipt } = res.body;
    expect(consent).toMatchObject({
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['identity', 'address'],
      expiresAt,
      revokedAt: null,
      channel: 'PORTAL',
      status: 'active',
    });
    consentId = consent.id;

    const jwks = await env.call('GET', '/v1/consents/jwks');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const { payload, protectedHeader } = await jwtVerify(receipt, createLocalJWKSet(jwks.body), {
      issuer: 'relais-consent',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(jwks.body.keys[0].kid);
    expect(payload).toMatchObject({
      consentId,
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['identity', 'address'],
      grantedAt: consent.grantedAt,
      expiresAt,
      citizen: alice.portal,
      iss: 'relais-consent',
    });
    expect(JSON.stringify(payload)).not.toContain(alice.pivot);
    expect(JSON.stringify(decodeProtectedHeader(receipt))).not.toContain(alice.pivot);

    // The receipt again, later (the portal's download): the same claims, and it verifies too.
    const again = await env.call('GET', `/v1/me/consents/${consentId}/receipt`, alice.token);
    expect(again.status).toBe(200);
    const verified = await jwtVerify(again.body.receipt, createLocalJWKSet(jwks.body), {
      issuer: 'relais-consent',
      algorithms: ['ES256'],
    });
    expect(verified.payload).toEqual(payload);
    const missing = await env.call('GET', '/v1/me/consents/not-a-consent/receipt', alice.token);
    expect(missing.status).toBe(404);
  });

  it('lists it at once (read-your-writes), newest first', async () => {
    const second = await env.call('POST', '/v1/me/consents', alice.token, {
      purpose: 'proactive-eligibility',
      recipient: 'sector:relais',
      categories: ['income', 'family'],
      channel: 'COUNTER',
    });
    expect(second.status).toBe(201);
    const res = await env.call('GET', '/v1/me/consents', alice.token);
    expect(res.status).toBe(200);
    expect(res.body.consents.map((c: any) => c.id)).toEqual([second.body.consent.id, consentId]);
    expect(res.body.consents[0]).toMatchObject({ channel: 'COUNTER', expiresAt: null });
  });

  it('revokes in one call; revoking again answers the same', async () => {
    const res = await env.call('DELETE', `/v1/me/consents/${consentId}`, alice.token);
    expect(res.status).toBe(200);
    expect(res.body.consent).toMatchObject({ id: consentId, status: 'revoked' });
    expect(Date.parse(res.body.consent.revokedAt)).not.toBeNaN();
    const again = await env.call('DELETE', `/v1/me/consents/${consentId}`, alice.token);
    expect(again.status).toBe(200);
    expect(again.body.consent.revokedAt).toBe(res.body.consent.revokedAt);
    const list = await env.call('GET', '/v1/me/consents', alice.token);
    expect(list.body.consents.find((c: any) => c.id === consentId).revokedAt).toBe(
      res.body.consent.revokedAt,
    );
  });

  it('wrote whole documents keyed by the pivot, in order (grant, grant, revoke)', async () => {
    const kafka = testKafka();
    const records = (await readTopic(kafka, env.topics.consents, 3))
      .filter((r) => r.key?.toString() === alice.pivot)
      .sort((a, b) => Number(a.offset) - Number(b.offset));
    expect(records).toHaveLength(3);
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    const docs = records.map((r) => parseConsentDocument(r.value?.toString() ?? ''));
    expect(docs.map((d) => d.consents.length)).toEqual([1, 2, 2]);
    expect(docs[0]?.consents[0]).toMatchObject({ id: consentId, revokedAt: null });
    expect(docs[2]?.consents[0]).toMatchObject({ id: consentId });
    expect(docs[2]?.consents[0]?.revokedAt).not.toBeNull();
    expect(docs[2]?.consents[1]?.revokedAt).toBeNull();
    for (const r of records) expect(r.value?.toString()).not.toContain(alice.portal);
  });

  it('answers 404 revoking an unknown id', async () => {
    const res = await env.call('DELETE', '/v1/me/consents/no-such-consent', alice.token);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-consent');
  });

  it("never shows nor lets revoke another citizen's consents", async () => {
    const mine = await env.call('GET', '/v1/me/consents', bob.token);
    expect(mine.status).toBe(200);
    expect(mine.body.consents).toEqual([]);
    const res = await env.call('DELETE', `/v1/me/consents/${consentId}`, bob.token);
    expect(res.status).toBe(404);
    const granted = await env.call('POST', '/v1/me/consents', bob.token, grant);
    expect(granted.status).toBe(201);
    const alices = await env.call('GET', '/v1/me/consents', alice.token);
    expect(alices.body.consents.map((c: any) => c.id)).not.toContain(granted.body.consent.id);
  });

  it('moves past a poison record on the consents topic (dead letter), the state intact', async () => {
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic: env.topics.consents,
      acks: -1,
      messages: [{ key: alice.pivot, value: '{"version": 2}' }],
    });
    await producer.disconnect();
    // Same key, same partition, after the poison: answered only once the consumer passed it.
    const res = await env.call('POST', '/v1/me/consents', alice.token, grant);
    expect(res.status).toBe(201);
    const list = await env.call('GET', '/v1/me/consents', alice.token);
    expect(list.body.consents).toHaveLength(3);
  });

  it('keeps the state across a restart (SQLite file and its offsets)', async () => {
    const before = await env.call('GET', '/v1/me/consents', alice.token);
    await env.restart();
    const after = await env.call('GET', '/v1/me/consents', alice.token);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    const res = await env.call('POST', '/v1/me/consents', alice.token, grant);
    expect(res.status).toBe(201);
    expect((await env.call('GET', '/v1/me/consents', alice.token)).body.consents).toHaveLength(4);
  });

  it('serialises concurrent writes of one citizen: none is lost', async () => {
    const results = await Promise.all(
      ['contact', 'income', 'employment', 'education'].map((category) =>
        env.call('POST', '/v1/me/consents', bob.token, { ...grant, categories: [category] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const list = await env.call('GET', '/v1/me/consents', bob.token);
    expect(list.body.consents).toHaveLength(5);
  });
});
