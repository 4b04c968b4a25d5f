import { DatabaseSync } from 'node:sqlite';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp, createLogger, fixedClock } from '@relais/kit';
import { asAgencyId, asEventId } from '@relais/contracts';
import { webhookOperatorRoutes } from '../src/routes/operator.ts';
import { webhookRoutes } from '../src/routes/webhooks.ts';
import { WebhookStore } from '../src/webhooks/index.ts';

const secret = 's'.repeat(32);
const as = (agency: string) => ({ 'x-test-agency': agency });

let app: FastifyInstance;
let store: WebhookStore;
const notify = vi.fn();

async function build(allowInsecureLocalhost: boolean): Promise<FastifyInstance> {
  const logger = createLogger({ service: 'gateway-test', level: 'silent' });
  const a = await createHttpApp({ logger, service: 'gateway' });
  a.addHook('onRequest', async (request) => {
    const id = String(request.headers['x-test-agency'] ?? 'none');
    request.agency = { id: asAgencyId(id), sector: 'social', urn: `urn:relais:agency:${id}` };
  });
  const dispatcher = { notify };
  await a.register(webhookRoutes({ store, dispatcher, allowInsecureLocalhost }));
  await a.register(webhookOperatorRoutes({ store, dispatcher }));
  return a;
}

beforeEach(async () => {
  notify.mockReset();
  store = new WebhookStore(new DatabaseSync(':memory:'), {
    clock: fixedClock('2025-06-01T10:00:00Z'),
  });
  app = await build(false);
});
afterEach(async () => app.close());

const put = (agency: string, payload: Record<string, unknown>, a = app) =>
  a.inject({ method: 'PUT', url: '/v1/webhooks', headers: as(agency), payload });

describe('webhook routes', () => {
  it('registers, shows (without the secret) and removes an endpoint', async () => {
    const res = await put('caf', { url: 'https://caf.example/hook', secret });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      url: 'https://caf.example/hook',
      createdAt: '2025-06-01T10:00:00.000Z',
    });
    expect(res.body).not.toContain(secret);
    expect(notify).toHaveBeenCalledWith('caf');

    const got = await app.inject({ method: 'GET', url: '/v1/webhooks', headers: as('caf') });
    expect(got.json()).toEqual(res.json());
    const other = await app.inject({ method: 'GET', url: '/v1/webhooks', headers: as('dgfip') });
    expect(other.statusCode).toBe(404);

    const del = await app.inject({ method: 'DELETE', url: '/v1/webhooks', headers: as('caf') });
    expect(del.statusCode).toBe(204);
    const gone = await app.inject({ method: 'GET', url: '/v1/webhooks', headers: as('caf') });
    expect(gone.statusCode).toBe(404);
  });

  it.each(['ftp://x', 'http://example.org', 'not a url', 'https://user:pw@caf.example/'])(
    'refuses url %s with a 400 naming /body/url',
    async (url) => {
      const res = await put('caf', { url, secret });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toEqual([expect.objectContaining({ field: '/body/url' })]);
    },
  );

  it('accepts http://127.0.0.1 and localhost only when allowInsecureLocalhost', async () => {
    expect((await put('caf', { url: 'http://127.0.0.1:8080/h', secret })).statusCode).toBe(400);
    const insecure = await build(true);
    try {
      for (const url of ['http://127.0.0.1:8080/h', 'http://localhost/h']) {
        expect((await put('caf', { url, secret }, insecure)).statusCode).toBe(200);
      }
      const res = await put('caf', { url: 'http://example.org/h', secret }, insecure);
      expect(res.statusCode).toBe(400);
      expect(res.json().problems[0].field).toBe('/body/url');
    } finally {
      await insecure.close();
    }
  });

  it('refuses a short secret, a missing field and an unknown one, naming each', async () => {
    const short = await put('caf', { url: 'https://caf.example/h', secret: 'too-short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().problems.map((p: { field: string }) => p.field)).toEqual(['/body/secret']);

    const missing = await put('caf', { url: 'https://caf.example/h' });
    expect(missing.json().problems.map((p: { field: string }) => p.field)).toEqual([
      '/body/secret',
    ]);
    const extra = await put('caf', { url: 'https://caf.example/h', secret, events: ['x'] });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().problems.map((p: { field: string }) => p.field)).toEqual(['/body/events']);
  });

  it('lists the agency’s deliveries only, filtered by status', async () => {
    store.upsertEndpoint(asAgencyId('caf'), 'https://caf.example/h', secret);
    store.upsertEndpoint(asAgencyId('dgfip'), 'https://dgfip.example/h', secret);
    const a = store.enqueue(asAgencyId('caf'), asEventId('evt-1'), '{}');
    store.enqueue(asAgencyId('caf'), asEventId('evt-2'), '{}');
    store.enqueue(asAgencyId('dgfip'), asEventId('evt-1'), '{}');
    if (!a) throw new Error('not queued');
    store.markFailed(a.id, 'HTTP 500', 500);

    const all = await app.inject({
      method: 'GET',
      url: '/v1/webhooks/deliveries',
      headers: as('caf'),
    });
    expect(all.json().deliveries).toHaveLength(2);
    const failed = await app.inject({
      method: 'GET',
      url: '/v1/webhooks/deliveries?status=failed&limit=10',
      headers: as('caf'),
    });
    expect(failed.json()).toEqual({
      deliveries: [
        {
          id: a.id,
          eventId: 'evt-1',
          status: 'failed',
          attempts: 1,
          nextAttemptAt: null,
          lastError: 'HTTP 500',
          lastStatus: 500,
          createdAt: '2025-06-01T10:00:00.000Z',
          deliveredAt: null,
        },
      ],
    });
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/webhooks/deliveries?status=lost&limit=0',
      headers: as('caf'),
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(['/querystring/limit', '/querystring/status']);
  });

  it('redelivers the agency’s own delivery and answers 404 for another agency’s', async () => {
    store.upsertEndpoint(asAgencyId('caf'), 'https://caf.example/h', secret);
    const d = store.enqueue(asAgencyId('caf'), asEventId('evt-1'), '{}');
    if (!d) throw new Error('not queued');
    store.markFailed(d.id, 'HTTP 500', 500);

    const url = `/v1/webhooks/deliveries/${d.id}/redeliver`;
    const stranger = await app.inject({ method: 'POST', url, headers: as('dgfip') });
    expect(stranger.statusCode).toBe(404);
    expect(store.get(d.id)?.status).toBe('failed');
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/deliveries/nope/redeliver',
      headers: as('caf'),
    });
    expect(unknown.statusCode).toBe(404);

    const res = await app.inject({ method: 'POST', url, headers: as('caf') });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id: d.id, status: 'pending' });
    expect(store.get(d.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(notify).toHaveBeenLastCalledWith('caf');
  });

  it('gives operators every agency’s dead letters and redelivers any of them', async () => {
    for (const agency of [asAgencyId('caf'), asAgencyId('dgfip')]) {
      store.upsertEndpoint(agency, `https://${agency}.example/h`, secret);
      const d = store.enqueue(agency, asEventId('evt-1'), '{}');
      if (d) store.markFailed(d.id, 'timeout after 10000 ms', null);
    }
    const res = await app.inject({ method: 'GET', url: '/v1/operator/webhooks/failed' });
    const failed = res.json().deliveries as Array<{ id: string; agency: string }>;
    expect(failed.map((d) => d.agency).sort()).toEqual(['caf', 'dgfip']);
    // When each failed: its last attempt.
    expect(failed.map((d) => (d as Record<string, unknown>)['failedAt'])).toEqual([
      '2025-06-01T10:00:00.000Z',
      '2025-06-01T10:00:00.000Z',
    ]);
    const first = failed[0];
    if (!first) throw new Error('no failed delivery');
    const redo = await app.inject({
      method: 'POST',
      url: `/v1/operator/webhooks/deliveries/${first.id}/redeliver`,
    });
    expect(redo.statusCode).toBe(202);
    expect(redo.json()).toEqual({ id: first.id, agency: first.agency, status: 'pending' });
    expect(notify).toHaveBeenLastCalledWith(first.agency);
  });

  it('documents the routes under the webhooks tag', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/v1/webhooks'].put.tags).toEqual(['webhooks']);
    expect(doc.paths['/v1/webhooks/deliveries/{id}/redeliver'].post.tags).toEqual(['webhooks']);
  });
});
