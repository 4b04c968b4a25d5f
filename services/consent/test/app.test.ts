// The consent plugin injected with in-memory deps (no Kafka, no port): the routes, the citizen
// scope and the error table's codes.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAgencyId, asConsentId, loadCatalog, type ConsentDocument } from '@relais/contracts';
import { asPivot, asPseudonym, type Pivot } from '@relais/identity';
import {
  createHttpApp,
  createLogger,
  createServiceMetrics,
  fixedClock,
  relaisMetrics,
} from '@relais/kit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import type { FastifyInstance } from 'fastify';
import type { AccessEntry } from '../src/adapters/access-log-store.ts';
import type { ConsentWriter } from '../src/adapters/consent-writer.ts';
import { consentMetrics } from '../src/adapters/metrics.ts';
import { receiptSigner } from '../src/adapters/receipts.ts';
import { consentApp } from '../src/app.ts';
import { citizenTokens } from '../src/auth/citizen-tokens.ts';

const clock = fixedClock('2026-11-02T09:30:00Z');
const alice = { pivot: asPivot('pivot-alice'), portal: 'portal-alice' };
const documents = new Map<Pivot, ConsentDocument>();
const accessLog = new Map<Pivot, AccessEntry[]>();
let writes = 0;
/** The writer's contract, in memory: the change applies to the current document at once. */
const writer: Pick<ConsentWriter, 'change'> = {
  async change(pivot, change) {
    const { document, result } = change(documents.get(pivot));
    if (document) {
      documents.set(pivot, document);
      writes += 1;
    }
    return result;
  },
};
const tokens = citizenTokens({
  audience: 'relais-consent',
  devSecret: 'app-test-secret-app-test-secret-app-test',
  directory: { resolve: (_sector, sub) => (sub === alice.portal ? alice.pivot : undefined) },
  now: () => clock.now(),
});

let app: FastifyInstance;
let token: string;
let checkpointKeys: { keys: Array<Record<string, string>> } | undefined;
let n = 0;
const metrics = createServiceMetrics('consent', { scrapeToken: 'scrape' });
beforeAll(async () => {
  app = await createHttpApp({
    logger: createLogger({ service: 'consent-app-test', level: 'silent' }),
    service: 'consent',
    metrics,
  });
  await app.register(consentApp, {
    catalog: loadCatalog().catalog,
    tokens,
    devTokens: false,
    receipts: await receiptSigner(),
    writer,
    documents: { get: (pivot) => documents.get(pivot) },
    accessLog: {
      list: (pivot, limit) => (accessLog.get(pivot) ?? []).slice(0, limit),
      proof: () => undefined,
    },
    checkpointKeys: () => checkpointKeys,
    clock,
    ids: () => `consent-${++n}`,
    counters: consentMetrics(metrics),
  });
  token = (await tokens.issue(alice.portal)).access_token;
});
afterAll(() => app.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, as = token) =>
  app.inject({
    method,
    url,
    headers: as ? { authorization: `Bearer ${as}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });

const grant = { purpose: 'address-update', recipient: 'caf', categories: ['address'] };

describe('consent plugin', () => {
  it('grants with a receipt that verifies, lists, and revokes once', async () => {
    const granted = await call('POST', '/v1/me/consents', grant);
    expect(granted.statusCode).toBe(201);
    const { consent, receipt } = granted.json();
    expect(consent).toMatchObject({ id: 'consent-1', status: 'active', revokedAt: null });
    const jwks = (await call('GET', '/v1/consents/jwks', undefined, '')).json();
    const { payload } = await jwtVerify(receipt, createLocalJWKSet(jwks), {
      issuer: 'relais-consent',
    });
    expect(payload).toMatchObject({ consentId: 'consent-1', citizen: alice.portal });

    const list = await call('GET', '/v1/me/consents');
    expect(list.json().consents.map((c: { id: string }) => c.id)).toEqual(['consent-1']);

    const revoked = await call('DELETE', '/v1/me/consents/consent-1');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().consent).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-11-02T09:30:00.000Z',
    });
    const before = writes;
    const again = await call('DELETE', '/v1/me/consents/consent-1');
    expect(again.json()).toEqual(revoked.json());
    expect(writes).toBe(before);
  });

  it('counts grants and revocations for Prometheus, by channel and purpose, never by citizen', async () => {
    const scrape = async () => {
      const res = await call('GET', '/metrics/prometheus', undefined, 'scrape');
      expect(res.statusCode).toBe(200);
      return { parsed: parsePrometheus(res.body), text: res.body };
    };
    const { grants, revocations } = relaisMetrics.consent;
    const before = (await scrape()).parsed;
    const atCounter = await call('POST', '/v1/me/consents', { ...grant, channel: 'COUNTER' });
    const id = atCounter.json().consent.id as string;
    await call('DELETE', `/v1/me/consents/${id}`);
    await call('DELETE', `/v1/me/consents/${id}`); // again: unchanged, not counted
    const { parsed, text } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(parsed, name, labels) - sampleSum(before, name, labels);
    const labels = { channel: 'COUNTER', purpose: 'address-update' };
    expect(delta(grants.name, labels)).toBe(1);
    expect(delta(revocations.name, labels)).toBe(1);
    expect(delta(grants.name, { channel: 'PORTAL' })).toBe(0);
    expect(
      sampleSum(parsed, `${relaisMetrics.http.requestDuration.name}_count`, {
        method: 'DELETE',
        route: '/v1/me/consents/:id',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(id);
    expect(text).not.toContain(alice.pivot);
    for (const d of Object.values(relaisMetrics.consent))
      expect(parsed.types.get(d.name)).toBe(d.type);
  });

  it('answers its own error codes: not found, invalid grant (nothing written)', async () => {
    const missing = await call('DELETE', '/v1/me/consents/no-such-consent');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: 'notFound',
      code: 'consent.consent-not-found',
      message: 'consent no-such-consent not found',
    });
    const before = writes;
    const invalid = await call('POST', '/v1/me/consents', { ...grant, recipient: 'nasa' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      error: 'validation',
      code: 'consent.invalid-grant',
      problems: [{ field: '/body/recipient' }],
    });
    expect(writes).toBe(before);
  });

  it('keeps /v1/me/* for citizens: missing, bad and unknown tokens are 401 with their code', async () => {
    const none = await call('GET', '/v1/me/consents', undefined, '');
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('consent.missing-token');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const bad = await call('GET', '/v1/me/access-log', undefined, 'not.a.token');
    expect(bad.json()).toMatchObject({ code: 'consent.invalid-token' });
    const stranger = (await tokens.issue(asPseudonym('portal-nobody'))).access_token;
    const unknown = await call('GET', '/v1/me/consents', undefined, stranger);
    expect(unknown.json()).toMatchObject({
      code: 'consent.unknown-citizen',
      message: 'access token: unknown citizen (sub is no enrolled portal pseudonym)',
    });
  });

  it("serves the access log checkpoints' public key once the router created it", async () => {
    checkpointKeys = undefined;
    const missing = await call('GET', '/v1/access-log/jwks', undefined, '');
    expect(missing.statusCode).toBe(503);
    expect(missing.json()).toMatchObject({ error: 'unavailable' });
    checkpointKeys = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }] };
    const served = await call('GET', '/v1/access-log/jwks', undefined, '');
    expect(served.statusCode).toBe(200);
    expect(served.json()).toEqual(checkpointKeys);
  });

  it('registers no development token issuer unless asked', async () => {
    const res = await call('POST', '/v1/dev/citizen-token', { pseudonym: alice.portal }, '');
    expect(res.statusCode).toBe(404);
  });

  it("shows the caller's access records with the recipient's name", async () => {
    accessLog.set(alice.pivot, [
      {
        accessId: 'a-1',
        eventId: 'evt-1',
        recipient: asAgencyId('caf'),
        contract: 'fr.gouv.residence.AddressChanged',
        fields: ['postcode'],
        legalBasis: 'consent',
        consentId: asConsentId('consent-1'),
        purpose: 'address-update',
        recordedAt: '2026-11-02T09:30:00.000Z',
        traceId: null,
      },
    ]);
    const res = await call('GET', '/v1/me/access-log');
    expect(res.statusCode).toBe(200);
    expect(res.json().records).toEqual([
      expect.objectContaining({
        accessId: 'a-1',
        recipient: { id: 'caf', name: "Caisse d'allocations familiales du Rhône" },
      }),
    ]);
  });
});
