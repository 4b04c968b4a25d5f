// Deliveries (written straight to relais.deliveries.<agency> until the router exists) reach the
// agency's inbox once, wake long-polls, are acknowledged, and go out as signed webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAgencyId } from '@relais/contracts';
import { relaisMetrics } from '@relais/kit';
import { sampleSum } from '@relais/testkit/prometheus';
import { uniqueName, waitFor } from '@relais/testkit';
import { verifySignature } from '../src/webhooks/index.ts';
import { answer, type Receiver } from './fixtures/webhooks/receiver.ts';
import { startDeliveryWorld, type DeliveryWorld } from './deliveries.ts';
import type { Env } from './support.ts';

let world: DeliveryWorld;
let env: Env;
let receiver: Receiver;

beforeAll(async () => {
  world = await startDeliveryWorld({ schedule: [50, 100], pollIntervalMs: 200 });
  ({ env, receiver } = world);
});
afterAll(() => world.close());

/** A delivery under consent to the one citizen of the agency these tests follow (one partition). */
async function deliver(agency: string, eventId: string, postcode = '69002') {
  const [written] = await world.deliver(
    agency,
    [{ id: eventId, key: `pseudonym-of-citizen-in-${agency}`, postcode }],
    { purpose: 'address-update', legalbasis: 'consent', consentid: 'consent-1' },
  );
  return written!;
}

describe('inbox', () => {
  it('wakes a long-poll on a new delivery, serves it once, and forgets it after ack — across a gateway restart', async () => {
    const caf = await env.token('caf');
    const waiting = env.call('GET', '/v1/inbox?wait=10', caf);
    await waitFor(() => env.gateway.longPolls(asAgencyId(env.id('caf'))) > 0, {
      what: 'the long-poll to wait on the inbox',
    });
    const eventId = uniqueName('evt');
    const sent = performance.now();
    await deliver('caf', eventId);
    const page = await waiting;
    const latencyMs = performance.now() - sent;
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(1);
    expect(page.body.events[0]).toMatchObject({
      id: eventId,
      type: 'fr.gouv.residence.AddressChanged',
      subject: 'pseudonym-of-citizen-in-caf',
      legalBasis: 'consent',
      consentId: 'consent-1',
      data: { postcode: '69002', effectiveDate: '2026-11-01' },
    });
    expect(latencyMs).toBeLessThan(5_000);

    // The same event id again (at-least-once upstream): not served twice.
    await deliver('caf', eventId);
    const second = uniqueName('evt');
    await deliver('caf', second);
    const more = await waitFor(
      async () => {
        const res = await env.call('GET', `/v1/inbox?after=${page.body.next}&wait=2`, caf);
        return res.body.events.length ? res.body : undefined;
      },
      { what: 'the second delivery' },
    );
    expect(more.events.map((e: { id: string }) => e.id)).toEqual([second]);

    // Acknowledge the first; restart the gateway; only the unacknowledged one comes back.
    await env.call('POST', '/v1/inbox/ack', caf, { cursor: page.body.next });
    await env.restartGateway();
    const caf2 = await env.token('caf');
    const afterRestart = await env.call('GET', '/v1/inbox', caf2);
    expect(afterRestart.body.events.map((e: { id: string }) => e.id)).toEqual([second]);
    await env.call('POST', '/v1/inbox/ack', caf2, { cursor: afterRestart.body.next });
    await deliver('caf', eventId);
    // Same key, same partition: once the consumer committed past the last one, both were handled.
    await env.inboxPast(await deliver('caf', second));
    expect((await env.call('GET', '/v1/inbox', caf2)).body.events).toEqual([]);
    // Another agency's inbox holds none of it.
    expect((await env.call('GET', '/v1/inbox', await env.token('cpam'))).body.events).toEqual([]);
  });

  it('refuses a bad cursor or limit naming the parameter', async () => {
    const caf = await env.token('caf');
    const res = await env.call('GET', '/v1/inbox?after=a%2Bb&limit=0', caf);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      '/querystring/after',
      '/querystring/limit',
    ]);
    // Cursors are opaque: a string of the right letters that no gateway returned is refused too.
    for (const [method, url, body, field] of [
      ['GET', '/v1/inbox?after=abc', undefined, '/querystring/after'],
      ['POST', '/v1/inbox/ack', { cursor: '12' }, '/body/cursor'],
    ] as const) {
      const bad = await env.call(method, url, caf, body);
      expect(bad.status).toBe(400);
      expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual([field]);
    }
  });
});

describe('webhooks through the gateway', () => {
  it('POSTs each delivery with a verifiable signature, retries after 500s, dead-letters, and redelivers', async () => {
    const cpam = await env.token('cpam');
    const secret = 'a-webhook-secret-of-at-least-32-characters';
    expect(
      (await env.call('PUT', '/v1/webhooks', cpam, { url: `${receiver.url}/relais`, secret }))
        .status,
    ).toBe(200);

    receiver.handler = answer(200);
    const ok = uniqueName('evt');
    await deliver('cpam', ok);
    await waitFor(() => receiver.received.find((r) => r.headers['relais-event-id'] === ok), {
      what: 'the webhook POST',
    });
    const got = receiver.received.find((r) => r.headers['relais-event-id'] === ok)!;
    expect(
      verifySignature(
        got.headers['relais-signature'],
        secret,
        got.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(
      verifySignature(
        got.headers['relais-signature'],
        'another-secret-another-secret-xx',
        got.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ id: ok, subject: 'pseudonym-of-citizen-in-cpam' });

    // Two 500s, then 200: delivered at the third attempt.
    let calls = 0;
    receiver.handler = (req, res) => answer(++calls <= 2 ? 500 : 200)(req, res);
    const flaky = uniqueName('evt');
    await deliver('cpam', flaky);
    await waitFor(
      async () =>
        (
          await env.call('GET', '/v1/webhooks/deliveries?status=delivered', cpam)
        ).body.deliveries.find((d: { eventId: string }) => d.eventId === flaky),
      { what: 'the flaky delivery delivered' },
    );
    expect(receiver.received.filter((r) => r.headers['relais-event-id'] === flaky)).toHaveLength(3);

    // Always 500: failed after the last attempt, listed, then redelivered once fixed.
    receiver.handler = answer(500);
    const dead = uniqueName('evt');
    await deliver('cpam', dead);
    const failed = await waitFor(
      async () =>
        (await env.call('GET', '/v1/webhooks/deliveries?status=failed', cpam)).body.deliveries.find(
          (d: { eventId: string }) => d.eventId === dead,
        ),
      { what: 'the delivery to fail' },
    );
    expect(failed.attempts).toBe(3);
    receiver.handler = answer(200);
    expect(
      (await env.call('POST', `/v1/webhooks/deliveries/${failed.id}/redeliver`, cpam)).status,
    ).toBe(202);
    await waitFor(
      async () =>
        (
          await env.call('GET', '/v1/webhooks/deliveries?status=delivered', cpam)
        ).body.deliveries.find((d: { eventId: string }) => d.eventId === dead),
      { what: 'the redelivery' },
    );
    // Another agency cannot redeliver it.
    expect(
      (
        await env.call(
          'POST',
          `/v1/webhooks/deliveries/${failed.id}/redeliver`,
          await env.token('caf'),
        )
      ).status,
    ).toBe(404);
  });
});

describe('metrics', () => {
  it('counts, after the tests above, inbox reads and acks, and webhook attempts, failures and dead letters', async () => {
    const parsed = await env.scrape();
    const g = relaisMetrics.gateway;
    // Since the restart in the inbox test: two reads and one ack by caf.
    const caf = { agency: env.id('caf') };
    expect(sampleSum(parsed, g.inboxReads.name, caf)).toBeGreaterThanOrEqual(2);
    expect(sampleSum(parsed, g.inboxAcks.name, caf)).toBe(1);
    // cpam's webhooks: ok, flaky (2 failures then delivered), dead (3 failures, dead-lettered),
    // then redelivered.
    const cpam = { agency: env.id('cpam') };
    const attempts = sampleSum(parsed, g.webhookAttempts.name, cpam);
    const delivered = sampleSum(parsed, g.webhookDelivered.name, cpam);
    const failures = sampleSum(parsed, g.webhookFailures.name, cpam);
    expect(sampleSum(parsed, g.webhookDeadLettered.name, cpam)).toBe(1);
    expect(delivered).toBeGreaterThanOrEqual(3);
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(attempts).toBe(delivered + failures);
    // The inbox consumer group has handled deliveries and reports its lag per partition.
    const group = `${env.groupPrefix}.inbox`;
    expect(sampleSum(parsed, relaisMetrics.consumer.processed.name, { group })).toBeGreaterThan(0);
    expect(
      parsed.samples.some(
        (s) => s.name === relaisMetrics.consumer.lag.name && s.labels['group'] === group,
      ),
    ).toBe(true);
    // Routes by pattern: a delivery id never reaches a label.
    expect(
      sampleSum(parsed, `${relaisMetrics.http.requestDuration.name}_count`, {
        route: '/v1/webhooks/deliveries/:id/redeliver',
      }),
    ).toBeGreaterThanOrEqual(2);
  });
});
