import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, createLogger, fixedClock, systemClock } from '@relais/kit';
import { asAgencyId, asEventId } from '@relais/contracts';
import { webhookRoutes } from '../src/routes/webhooks.ts';
import {
  retryDelay,
  verifySignature,
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from '../src/webhooks/index.ts';
import {
  answer,
  selfSignedCert,
  startReceiver,
  waitUntil,
  type Receiver,
  type TlsPair,
} from './fixtures/webhooks/receiver.ts';

const secret = 'whsec_test_0123456789abcdef0123456789';
const logger = createLogger({ service: 'gateway-test', level: 'silent' });
const event = (n: number) =>
  JSON.stringify({ id: `evt-${n}`, type: 'fr.relais.test', data: { n } });

let tls: TlsPair;
let receiver: Receiver;
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  tls = selfSignedCert();
  receiver = await startReceiver(tls);
});
afterAll(async () => receiver.close());
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  receiver.received.length = 0;
  receiver.handler = answer(200);
});

function dispatcher(
  options: Partial<WebhookDispatcherOptions> = {},
  trustReceiver = true,
): WebhookDispatcher {
  const d = new WebhookDispatcher({
    db: new DatabaseSync(':memory:'),
    clock: systemClock,
    logger,
    schedule: [20, 40, 60],
    timeoutMs: 2_000,
    ...(trustReceiver ? { tlsCa: tls.cert } : {}),
    ...options,
  });
  dispatchers.push(d);
  d.start();
  return d;
}

const from = (path: string) => receiver.received.filter((r) => r.path === path);

describe('webhook dispatcher', () => {
  it('delivers once, signed over the raw body with the injected clock', async () => {
    const d = dispatcher();
    d.store.upsertEndpoint(asAgencyId('caf'), `${receiver.url}/caf`, secret);
    const queued = d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    expect(queued?.created).toBe(true);
    expect(d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1))).toEqual({
      id: queued?.id,
      created: false,
    });
    await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'delivered');
    // The delivery after it, through the same agency's loop: a second POST of evt-1 would be in
    // before this one is delivered.
    const after = d.enqueue(asAgencyId('caf'), asEventId('evt-2'), event(2));
    await waitUntil(() => d.store.get(after?.id ?? '')?.status === 'delivered');

    expect(receiver.received.map((x) => x.headers['relais-event-id'])).toEqual(['evt-1', 'evt-2']);
    const [r] = receiver.received;
    if (!r) throw new Error('nothing received');
    expect(r.body).toBe(event(1));
    expect(r.headers).toMatchObject({
      'content-type': 'application/json',
      'relais-event-id': 'evt-1',
      'relais-delivery-id': queued?.id,
      'relais-attempt': '1',
    });
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(r.headers['relais-signature'], secret, r.body, now)).toBe(true);
    expect(verifySignature(r.headers['relais-signature'], 'x'.repeat(32), r.body, now)).toBe(false);
    expect(d.store.get(queued?.id ?? '')).toMatchObject({ attempts: 1, lastStatus: 200 });
  });

  it('retries after 500s and delivers at attempt 3', async () => {
    const d = dispatcher();
    d.store.upsertEndpoint(asAgencyId('caf'), `${receiver.url}/caf`, secret);
    let calls = 0;
    receiver.handler = (req, res) => answer(++calls <= 2 ? 500 : 200)(req, res);
    const queued = d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'delivered');

    expect(receiver.received.map((r) => r.headers['relais-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(receiver.received.map((r) => r.headers['relais-delivery-id'])).size).toBe(1);
    for (const r of receiver.received) {
      const now = Math.floor(Date.now() / 1000);
      expect(verifySignature(r.headers['relais-signature'], secret, r.body, now)).toBe(true);
    }
    expect(d.store.get(queued?.id ?? '')).toMatchObject({ attempts: 3, lastStatus: 200 });
  });

  it('dead-letters after the last retry, lists it as failed, and redelivers it', async () => {
    const d = dispatcher();
    d.store.upsertEndpoint(asAgencyId('caf'), `${receiver.url}/caf`, secret);
    receiver.handler = answer(500);
    const queued = d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'failed');
    expect(receiver.received).toHaveLength(4); // first attempt + 3 scheduled retries

    const app = await createHttpApp({ logger, service: 'gateway' });
    app.addHook('onRequest', async (request) => {
      const id = String(request.headers['x-test-agency']);
      request.agency = { id: asAgencyId(id), sector: 'social', urn: `urn:relais:agency:${id}` };
    });
    await app.register(
      webhookRoutes({ store: d.store, dispatcher: d, allowInsecureLocalhost: false }),
    );
    try {
      const headers = { 'x-test-agency': 'caf' };
      const list = await app.inject({
        method: 'GET',
        url: '/v1/webhooks/deliveries?status=failed',
        headers,
      });
      expect(list.json().deliveries).toEqual([
        expect.objectContaining({
          id: queued?.id,
          eventId: 'evt-1',
          status: 'failed',
          attempts: 4,
          lastStatus: 500,
          lastError: 'HTTP 500',
          deliveredAt: null,
        }),
      ]);

      receiver.handler = answer(204);
      const redo = await app.inject({
        method: 'POST',
        url: `/v1/webhooks/deliveries/${queued?.id}/redeliver`,
        headers,
      });
      expect(redo.statusCode).toBe(202);
      await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'delivered');
      expect(d.store.get(queued?.id ?? '')).toMatchObject({ attempts: 1, lastStatus: 204 });
      expect(receiver.received.at(-1)?.headers['relais-attempt']).toBe('1');
    } finally {
      await app.close();
    }
  });

  it('isolates agencies: a hanging endpoint never delays another agency', async () => {
    const d = dispatcher({ timeoutMs: 300 });
    d.store.upsertEndpoint(asAgencyId('slow'), `${receiver.url}/slow`, secret);
    d.store.upsertEndpoint(asAgencyId('fast'), `${receiver.url}/fast`, secret);
    receiver.handler = (req, res) => {
      if (req.path !== '/slow') answer(200)(req, res); // /slow never answers
    };
    const hanging = d.enqueue(asAgencyId('slow'), asEventId('evt-0'), event(0));
    await waitUntil(() => from('/slow').length === 1);

    const started = performance.now();
    const ids = [1, 2, 3, 4, 5].map(
      (n) => d.enqueue(asAgencyId('fast'), asEventId(`evt-${n}`), event(n))?.id ?? '',
    );
    await waitUntil(() => ids.every((id) => d.store.get(id)?.status === 'delivered'));
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(250);
    expect(from('/fast')).toHaveLength(5);
    expect(d.store.get(hanging?.id ?? '')).toMatchObject({ status: 'pending', attempts: 0 });
    await waitUntil(() => (d.store.get(hanging?.id ?? '')?.attempts ?? 0) >= 1);
    expect(d.store.get(hanging?.id ?? '')?.lastError).toBe('timeout after 300 ms');
  });

  it('treats an untrusted certificate and a refused connection as failed attempts', async () => {
    const untrusting = dispatcher({ schedule: [10] }, false);
    untrusting.store.upsertEndpoint(asAgencyId('caf'), `${receiver.url}/caf`, secret);
    const a = untrusting.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    await waitUntil(() => untrusting.store.get(a?.id ?? '')?.status === 'failed');
    expect(untrusting.store.get(a?.id ?? '')?.lastError).toMatch(/certificate/i);
    expect(from('/caf')).toHaveLength(0);

    const refused = dispatcher({ schedule: [10] });
    refused.store.upsertEndpoint(asAgencyId('caf'), 'https://127.0.0.1:1/hook', secret);
    const b = refused.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    await waitUntil(() => refused.store.get(b?.id ?? '')?.status === 'failed');
    expect(refused.store.get(b?.id ?? '')).toMatchObject({ attempts: 2, lastStatus: null });
    expect(refused.store.get(b?.id ?? '')?.lastError).toMatch(/ECONNREFUSED/);
  });

  it('picks up what was queued before start and keeps nothing for agencies without endpoint', async () => {
    const db = new DatabaseSync(':memory:');
    const d = new WebhookDispatcher({ db, clock: systemClock, logger, tlsCa: tls.cert });
    dispatchers.push(d);
    expect(d.enqueue(asAgencyId('nobody'), asEventId('evt-1'), event(1))).toBeUndefined();
    d.store.upsertEndpoint(asAgencyId('caf'), `${receiver.url}/caf`, secret);
    const queued = d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    d.start();
    await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'delivered');
  });

  it('signs with the injected clock and retries when that clock says so (fetchImpl)', async () => {
    const clock = fixedClock('2025-06-01T10:00:00Z');
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const headersOf = (call: { init: RequestInit } | undefined) =>
      (call?.init.headers ?? {}) as Record<string, string>;
    const statuses = [503, 200];
    const fetchImpl: typeof fetch = async (url, init) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response('{}', { status: statuses[calls.length - 1] ?? 200 });
    };
    const d = dispatcher({ clock, fetchImpl, schedule: [60_000], random: () => 0 });
    d.store.upsertEndpoint(asAgencyId('caf'), 'https://caf.example/hook', secret);
    const queued = d.enqueue(asAgencyId('caf'), asEventId('evt-1'), event(1));
    await waitUntil(() => d.store.get(queued?.id ?? '')?.attempts === 1);
    expect(d.store.get(queued?.id ?? '')).toMatchObject({
      status: 'pending',
      lastStatus: 503,
      lastError: 'HTTP 503',
      nextAttemptAt: clock.now().getTime() + 30_000, // half of 60 s with random() = 0
    });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(calls[0]?.url).toBe('https://caf.example/hook');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', redirect: 'manual', body: event(1) });
    const t = clock.now().getTime() / 1000;
    expect(headers['relais-signature']).toMatch(new RegExp(`^t=${t},v1=[0-9a-f]{64}$`));
    expect(verifySignature(headers['relais-signature'], secret, event(1), t)).toBe(true);

    // A delivery due now goes out; evt-1, not due yet (the clock has not moved), must not.
    const after = d.enqueue(asAgencyId('caf'), asEventId('evt-2'), event(2));
    await waitUntil(() => d.store.get(after?.id ?? '')?.status === 'delivered');
    const ofFirst = () => calls.filter((c) => headersOf(c)['relais-event-id'] === 'evt-1');
    expect(ofFirst()).toHaveLength(1); // not due yet: the clock has not moved
    clock.advance(30_000);
    d.notify(asAgencyId('caf'));
    await waitUntil(() => d.store.get(queued?.id ?? '')?.status === 'delivered');
    expect(ofFirst()).toHaveLength(2);
    expect(calls).toHaveLength(3);
    expect(headersOf(ofFirst()[1])['relais-attempt']).toBe('2');
  });

  it('jitters each scheduled delay between half and all of it', () => {
    expect(retryDelay(1000, () => 0)).toBe(500);
    expect(retryDelay(1000, () => 0.999_999)).toBe(1000);
    expect(retryDelay(60_000, () => 0.5)).toBe(45_000);
  });
});
