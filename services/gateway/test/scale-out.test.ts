// Two gateway instances behind one load balancer (dec-046): an agency reads part of its inbox on
// A, acknowledges on A, reads the rest on B with A's cursor — nothing lost, nothing twice; A dies
// abruptly and B goes on. A gateway whose data directory is lost rebuilds the same inbox.
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecret } from '@relais/kit';
import { uniqueName, waitFor } from '@relais/testkit';
import { CLIENT_ASSERTION_TYPE } from '../src/auth/tokens.ts';
import type { RunningGateway } from '../src/index.ts';
import { answer, type Receiver } from './fixtures/webhooks/receiver.ts';
import { startDeliveryWorld, type DeliveryWorld } from './deliveries.ts';
import { address, type Env } from './support.ts';

let world: DeliveryWorld;
let env: Env;
let receiver: Receiver;

beforeAll(async () => {
  world = await startDeliveryWorld({
    schedule: [300, 600, 1200, 2400],
    pollIntervalMs: 200,
    timeoutMs: 1500,
  });
  ({ env, receiver } = world);
});
afterAll(() => world.close());

/** Deliveries each to its own citizen (spread over the partitions). */
const deliver = (agency: string, eventIds: string[]) =>
  world.deliver(
    agency,
    eventIds.map((id) => ({ id, key: `citizen-of-${id}` })),
  );

const ids = (page: { events: Array<{ id: string }> }): string[] => page.events.map((e) => e.id);

describe('the inbox on two gateway instances', () => {
  it('reads on A, acknowledges on A, reads the rest on B; B goes on when A dies', async () => {
    const a = env.gateway;
    const b = await env.another();
    const token = await env.token('caf');
    const first = Array.from({ length: 12 }, () => uniqueName('evt'));
    const records = await deliver('caf', first);
    expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThan(1);
    await world.applied([a, b], 'caf', records);

    // Part of the inbox on A, acknowledged on A.
    const onA = (await env.callOn(a, 'GET', '/v1/inbox?limit=5', token)).body;
    expect(onA.events).toHaveLength(5);
    const acked = await env.callOn(a, 'POST', '/v1/inbox/ack', token, { cursor: onA.next });
    expect(acked.status).toBe(200);
    expect(typeof acked.body.acknowledged).toBe('string');

    // On B, A's cursor goes on where A stopped; B's own view from the beginning skips what A's
    // acknowledgement covered (read-your-writes across instances).
    const onB = (await env.callOn(b, 'GET', `/v1/inbox?after=${onA.next}&limit=100`, token)).body;
    const fromStart = (await env.callOn(b, 'GET', '/v1/inbox?limit=100', token)).body;
    expect(ids(fromStart)).toEqual(ids(onB));
    expect(ids(onB)).toHaveLength(7);
    expect([...ids(onA), ...ids(onB)].sort()).toEqual([...first].sort());
    // The same page on A as on B: the cursor means the same on every instance.
    const sameOnA = (await env.callOn(a, 'GET', `/v1/inbox?after=${onA.next}&limit=100`, token))
      .body;
    expect(sameOnA).toEqual(onB);

    // A client assertion is good once, whichever instance it reaches first.
    const form = {
      grant_type: 'client_credentials',
      client_id: env.id('caf'),
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await env.assertion('caf', { aud: 'relais-gateway' }),
    };
    expect((await env.callOn(a, 'POST', '/v1/oauth/token', undefined, form)).status).toBe(200);
    const replayed = await env.callOn(b, 'POST', '/v1/oauth/token', undefined, form);
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toMatch(/replay/);

    // A request retried with its Idempotency-Key on another instance is replayed, not run again;
    // the key with another body is refused there too.
    const citizen = await env.enrol(['local']);
    const mairie = await env.token('mairie-lyon');
    const publish = { subject: citizen['local'], data: { ...address, postcode: '69003' } };
    const keyed = { 'idempotency-key': uniqueName('move') };
    const url = '/v1/events/fr.gouv.residence.AddressChanged';
    const firstTry = await env.callOn(a, 'POST', url, mairie, publish, keyed);
    expect(firstTry.status).toBe(202);
    const retry = await env.callOn(b, 'POST', url, mairie, publish, keyed);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(firstTry.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const reused = await env.callOn(b, 'POST', url, mairie, { ...publish, data: address }, keyed);
    expect(reused.status).toBe(422);

    // A native record refused by whichever instance owns its partition is listed on both.
    await world.producer.send({
      topic: `relais.ingress.${env.id('mairie-lyon')}`,
      acks: -1,
      messages: [{ key: 'someone', value: Buffer.from('not the wire format') }],
    });
    for (const g of [a, b])
      await waitFor(
        async () => (await env.callOn(g, 'GET', '/v1/rejects', mairie)).body.rejects?.length === 1,
        { what: 'the reject listed on every instance' },
      );

    // An event the router repeats (same citizen, same partition) is not served again.
    const again = await deliver('caf', [first[7] ?? '']);
    await world.applied([a, b], 'caf', again);

    // A dies abruptly; B goes on: new deliveries, acknowledgement, nothing twice.
    await a.crash();
    const later = Array.from({ length: 4 }, () => uniqueName('evt'));
    await world.applied([b], 'caf', await deliver('caf', later));
    const rest = (await env.callOn(b, 'GET', `/v1/inbox?after=${onB.next}&wait=5`, token)).body;
    expect(ids(rest).sort()).toEqual([...later].sort());
    await env.callOn(b, 'POST', '/v1/inbox/ack', token, { cursor: rest.next });
    expect((await env.callOn(b, 'GET', '/v1/inbox', token)).body.events).toEqual([]);

    // The first instance comes back on its own data directory: the same inbox, acknowledged.
    await env.restartGateway();
    const back = await env.token('caf');
    expect((await env.call('GET', '/v1/inbox', back)).body.events).toEqual([]);
    // Operators see the acknowledgement made on another instance.
    const operator = readSecret(env.keysDir, 'operator.token');
    const flow = await env.call('GET', `/v1/operator/flows/${first[0]}`, operator);
    expect(flow.body.recipients).toEqual([
      expect.objectContaining({
        agency: env.id('caf'),
        inbox: { deliveredAt: expect.any(String), ackedAt: expect.any(String) },
      }),
    ]);
  });

  it('rebuilds the same inbox when the data directory is lost', async () => {
    const token = await env.token('cpam');
    const sent = Array.from({ length: 6 }, () => uniqueName('evt'));
    await world.applied([env.gateway], 'cpam', await deliver('cpam', sent));
    const page = (await env.call('GET', '/v1/inbox?limit=2', token)).body;
    await env.call('POST', '/v1/inbox/ack', token, { cursor: page.next });
    const before = (await env.call('GET', '/v1/inbox', token)).body;
    expect(ids(before)).toHaveLength(4);

    await env.restartGateway({ wipe: true });
    const after = (await env.call('GET', '/v1/inbox', await env.token('cpam'))).body;
    expect(after).toEqual(before);
  });

  it('sees an endpoint registered on any instance; the partition owner sends each delivery once', async () => {
    const a = env.gateway;
    const c = await env.another();
    receiver.handler = answer(200);
    const token = await env.token('dgfip');
    const secret = 'a-webhook-secret-of-at-least-32-characters';
    const url = `${receiver.url}/dgfip`;
    const put = await env.callOn(c, 'PUT', '/v1/webhooks', token, { url, secret });
    expect(put.status).toBe(200);
    expect((await env.callOn(c, 'GET', '/v1/webhooks', token)).body.url).toBe(url);
    await waitFor(async () => (await env.callOn(a, 'GET', '/v1/webhooks', token)).status === 200, {
      what: 'the endpoint registered on C to reach A',
    });

    const sent = Array.from({ length: 8 }, () => uniqueName('evt'));
    await world.applied([a, c], 'dgfip', await deliver('dgfip', sent));
    const got = () =>
      receiver.received
        .filter((r) => r.path.startsWith('/dgfip'))
        .map((r) => String(r.headers['relais-event-id']));
    await waitFor(() => sent.every((id) => got().includes(id)), { what: 'every webhook' });
    // Sent by the owner of each partition alone: once each.
    expect(got().sort()).toEqual([...sent].sort());

    // Every instance lists every delivery, whichever instance sent it.
    const delivered = async (g: RunningGateway): Promise<string[]> =>
      (
        await env.callOn(g, 'GET', '/v1/webhooks/deliveries?status=delivered&limit=500', token)
      ).body.deliveries.map((d: { eventId: string }) => d.eventId);
    // Each instance's replica of the delivery states catches up on its own: wait for both.
    for (const [g, what] of [
      [a, "C's deliveries listed on A"],
      [c, "A's deliveries listed on C"],
    ] as const)
      await waitFor(async () => (await delivered(g)).length === sent.length, { what });
    expect((await delivered(a)).sort()).toEqual([...sent].sort());
    expect((await delivered(c)).sort()).toEqual([...sent].sort());

    // Deliveries in flight on C when it dies are sent again by the partition's next owner, A.
    const held: ServerResponse[] = [];
    receiver.handler = (_req, res) => held.push(res);
    const more = Array.from({ length: 6 }, () => uniqueName('evt'));
    await world.applied([a, c], 'dgfip', await deliver('dgfip', more));
    await waitFor(() => more.every((id) => got().includes(id)), { what: 'every attempt' });
    await c.crash();
    receiver.handler = answer(200);
    for (const res of held.splice(0)) if (!res.writableEnded) res.writeHead(200).end();
    await waitFor(
      async () => {
        const done = await delivered(a);
        return more.every((id) => done.includes(id));
      },
      { what: 'every delivery of the dead instance delivered by A', timeoutMs: 30_000 },
    );
    // At least once each; only what was in flight on C went twice.
    const counts = more.map((id) => got().filter((g) => g === id).length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);

    // Removed on A: no instance sends the next one.
    expect((await env.callOn(a, 'DELETE', '/v1/webhooks', token)).status).toBe(204);
    expect((await env.callOn(a, 'GET', '/v1/webhooks', token)).status).toBe(404);
  });
});
