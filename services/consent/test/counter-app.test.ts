// The counter agents' routes injected with in-memory deps (no Kafka, no port): a France Services
// agent creates a mandate, acts under it, and is refused — another structure, an expired
// mandate, a withdrawn scope, a guessed mandate or citizen, no token — each refusal journaled.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type ConsentDocument } from '@relais/contracts';
import { asPivot, asPseudonym, type Pivot } from '@relais/identity';
import { createHttpApp, createLogger, createServiceMetrics, fixedClock } from '@relais/kit';
import type { FastifyInstance } from 'fastify';
import type { ConsentWriter } from '../src/adapters/consent-writer.ts';
import { memoryCounterJournal } from '../src/adapters/counter-journal.ts';
import { memoryMandateStore } from '../src/adapters/mandates-store.ts';
import { memoryMandateWriter } from '../src/adapters/mandate-writer.ts';
import { consentMetrics } from '../src/adapters/metrics.ts';
import { receiptSigner } from '../src/adapters/receipts.ts';
import { consentApp } from '../src/app.ts';
import { citizenTokens } from '../src/auth/citizen-tokens.ts';
import { COUNTER_TOKEN_ISSUER, counterTokens } from '../src/auth/counter-tokens.ts';
import { memoryCounterActionStore } from '../src/consumers/counter-actions.ts';

const DAY = 86_400_000;
const clock = fixedClock('2026-11-02T09:30:00Z');
const josette = { pivot: asPivot('pivot-josette'), portal: 'portal-josette' };
const nadia = {
  sub: 'sub-nadia',
  name: 'Nadia Benkirane',
  structure: { id: 'fs-lyon-8', name: 'France Services Lyon 8e' },
};
const julien = {
  sub: 'sub-julien',
  name: 'Julien Moreau',
  structure: { id: 'fs-venissieux', name: 'France Services Vénissieux' },
};
const documents = new Map<Pivot, ConsentDocument>();
const writer: Pick<ConsentWriter, 'change'> = {
  async change(pivot, change) {
    const { document, result } = change(documents.get(pivot));
    if (document) documents.set(pivot, document);
    return result;
  },
};
const directory = {
  resolve: (_sector: string, sub: string) => (sub === josette.portal ? josette.pivot : undefined),
  pseudonymOf: (_sector: string, pivot: Pivot) =>
    asPseudonym(pivot === josette.pivot ? josette.portal : 'x'),
};
const mandates = memoryMandateStore();
const journal = memoryCounterJournal(clock);

let app: FastifyInstance;
let key: CryptoKey;
let n = 0;
beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), alg: 'ES256', kid: 'counter-test' };
  const metrics = createServiceMetrics('consent');
  app = await createHttpApp({
    logger: createLogger({ service: 'consent-counter-test', level: 'silent' }),
    service: 'consent',
    metrics,
  });
  await app.register(consentApp, {
    catalog: loadCatalog().catalog,
    tokens: citizenTokens({
      audience: 'relais-consent',
      devSecret: 'app-test-secret-app-test-secret-app-test',
      directory,
      now: () => clock.now(),
    }),
    devTokens: false,
    receipts: await receiptSigner(),
    writer,
    documents: { get: (pivot) => documents.get(pivot) },
    accessLog: { list: () => [], proof: () => undefined },
    checkpointKeys: () => undefined,
    clock,
    ids: () => `id-${++n}`,
    counters: consentMetrics(metrics),
    counter: {
      tokens: counterTokens({
        audience: 'relais-consent',
        keys: { jwks: { keys: [jwk] } },
        directory,
        now: () => clock.now(),
      }),
      mandates,
      mandateWriter: memoryMandateWriter(mandates),
      journal,
      counterActions: memoryCounterActionStore(() => journal.entries),
      directory,
    },
  });
});
afterAll(() => app.close());

async function agentToken(agent: typeof nadia, claims: { sub?: string; mandate?: string } = {}) {
  const now = Math.floor(clock.now().getTime() / 1000);
  let jwt = new SignJWT({
    act: agent,
    ...(claims.mandate ? { relais_mandate: claims.mandate } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'counter-test' })
    .setIssuer(COUNTER_TOKEN_ISSUER)
    .setAudience('relais-consent')
    .setIssuedAt(now)
    .setExpirationTime(now + 120);
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  return jwt.sign(key);
}

const call = async (
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  token: string | undefined,
  body?: unknown,
) =>
  app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });

const creation = {
  scopes: ['CONSENTS', 'NOTICES'],
  durationDays: 31,
  mode: 'IN_PERSON',
  confirmation: 'ATTESTATION',
  attestationId: 'FS-LYON8-0001',
};
const grant = { purpose: 'proactive-eligibility', recipient: 'relais', categories: ['income'] };

describe('counter routes', () => {
  let mandateId: string;
  const refusals = { attempts: 0, successes: 0 };
  const attempt = async <R extends { statusCode: number }>(res: R): Promise<R> => {
    refusals.attempts += 1;
    if (res.statusCode < 400) refusals.successes += 1;
    return res;
  };

  it('creates a mandate for a citizen present, lists it, grants a consent with channel COUNTER', async () => {
    const bad = await call(
      'POST',
      '/v1/counter/mandates',
      await agentToken(nadia, { sub: josette.portal }),
      { ...creation, durationDays: 30, scopes: [] },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('/durationDays: expected one of 1, 31, 182, 365 (days)');
    const created = await call(
      'POST',
      '/v1/counter/mandates',
      await agentToken(nadia, { sub: josette.portal }),
      creation,
    );
    expect(created.statusCode).toBe(201);
    mandateId = created.json().mandate.mandateId;
    expect(created.json().mandate).toMatchObject({
      status: 'active',
      scopes: ['CONSENTS', 'NOTICES'],
      structure: nadia.structure,
    });
    const listed = await call('GET', '/v1/counter/mandates', await agentToken(nadia));
    expect(listed.json().mandates).toEqual([
      expect.objectContaining({ mandateId, citizen: josette.portal }),
    ]);
    expect(
      (await call('GET', '/v1/counter/mandates', await agentToken(julien))).json().mandates,
    ).toEqual([]);

    const token = await agentToken(nadia, { sub: josette.portal, mandate: mandateId });
    const granted = await call('POST', '/v1/counter/consents', token, grant);
    expect(granted.statusCode).toBe(201);
    expect(granted.json().consent).toMatchObject({ channel: 'COUNTER', status: 'active' });
    expect(journal.entries.map((e) => [e.action, e.outcome])).toEqual([
      ['MANDATE_CREATED', 'DONE'],
      ['CONSENT_GRANTED', 'DONE'],
    ]);
  });

  it('refuses and journals: another structure, a guessed mandate or citizen, a withdrawn scope, no token', async () => {
    const before = journal.entries.length;
    const other = await attempt(
      await call(
        'GET',
        '/v1/counter/consents',
        await agentToken(julien, { sub: josette.portal, mandate: mandateId }),
      ),
    );
    expect(other.statusCode).toBe(404);
    const guessedMandate = await attempt(
      await call(
        'GET',
        '/v1/counter/consents',
        await agentToken(nadia, { sub: josette.portal, mandate: 'guess' }),
      ),
    );
    expect(guessedMandate.statusCode).toBe(404);
    const guessedCitizen = await attempt(
      await call(
        'GET',
        '/v1/counter/consents',
        await agentToken(nadia, { sub: 'portal-somebody', mandate: mandateId }),
      ),
    );
    expect(guessedCitizen.statusCode).toBe(404);
    const noScope = await attempt(
      await call(
        'GET',
        '/v1/counter/access-log',
        await agentToken(nadia, { sub: josette.portal, mandate: mandateId }),
      ),
    );
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().message).toContain('does not grant this scope');
    const opened = await attempt(
      await call('GET', `/v1/counter/mandates/${mandateId}`, await agentToken(julien)),
    );
    expect(opened.statusCode).toBe(404);
    const own = await call('GET', `/v1/counter/mandates/${mandateId}`, await agentToken(nadia));
    expect(own.json().mandate).toMatchObject({ mandateId, citizen: josette.portal });
    const anonymous = await attempt(await call('GET', '/v1/counter/consents', undefined));
    expect(anonymous.statusCode).toBe(401);
    const citizenToken = await attempt(
      await call('GET', '/v1/counter/consents', 'eyJhbGciOiJIUzI1NiJ9.e30.x'),
    );
    expect(citizenToken.statusCode).toBe(401);
    expect(refusals.successes).toBe(0);
    const refused = journal.entries.slice(before);
    expect(refused.map((e) => [e.structureId, e.reason, e.pivot])).toEqual([
      ['fs-venissieux', 'mandate.other-structure', josette.pivot],
      ['fs-lyon-8', 'mandate.not-found', josette.pivot],
      ['fs-lyon-8', 'citizen.unknown', undefined],
      ['fs-lyon-8', 'mandate.scope-not-granted', josette.pivot],
      ['fs-venissieux', 'mandate.other-structure', josette.pivot],
      ['fs-lyon-8', null, josette.pivot],
    ]);
  });

  it('shows the citizen who acted, lets them withdraw a scope, and refuses the agent after', async () => {
    const citizen = (
      await citizenTokens({
        audience: 'relais-consent',
        devSecret: 'app-test-secret-app-test-secret-app-test',
        directory,
        now: () => clock.now(),
      }).issue(josette.portal)
    ).access_token;
    const seen = await call('GET', '/v1/me/counter-actions', citizen);
    expect(seen.json().actions).toContainEqual(
      expect.objectContaining({
        structureName: 'France Services Vénissieux',
        outcome: 'REFUSED',
        reason: 'mandate.other-structure',
      }),
    );
    expect(seen.json().actions.map((a: { action: string }) => a.action)).toContain(
      'CONSENT_GRANTED',
    );
    const revoked = await call('DELETE', `/v1/me/mandates/${mandateId}?scope=CONSENTS`, citizen);
    expect(revoked.json().mandate).toMatchObject({ scopes: ['NOTICES'], status: 'active' });
    const token = await agentToken(nadia, { sub: josette.portal, mandate: mandateId });
    expect((await call('GET', '/v1/counter/consents', token)).statusCode).toBe(403);
    const all = await call('DELETE', `/v1/me/mandates/${mandateId}`, citizen);
    expect(all.json().mandate.status).toBe('revoked');
    expect(
      (await call('GET', '/v1/counter/mandates', await agentToken(nadia))).json().mandates,
    ).toEqual([]);
    expect(
      (await call('GET', '/v1/me/mandates', citizen)).json().mandates[0].revokedScopes,
    ).toHaveLength(2);
  });

  it('an expired mandate refuses every action', async () => {
    const created = await call(
      'POST',
      '/v1/counter/mandates',
      await agentToken(nadia, { sub: josette.portal }),
      { ...creation, durationDays: 1 },
    );
    const id = created.json().mandate.mandateId;
    clock.advance(DAY);
    const res = await call(
      'GET',
      '/v1/counter/consents',
      await agentToken(nadia, { sub: josette.portal, mandate: id }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('mandate expired');
    expect(journal.entries.at(-1)).toMatchObject({
      reason: 'mandate.expired',
      outcome: 'REFUSED',
      mandateId: id,
    });
  });
});
