// Operators follow one event to the recipients' edge: the inbox entries and their
// acknowledgements, the webhook deliveries and every attempt. In-memory SQLite (the replicas'
// stores, fed by hand as inbox-replica.ts feeds them from Kafka), app.inject().
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { asAgencyId, asEventId, type AgencyId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { createHttpApp, createLogger, type Clock } from '@relais/kit';
import {
  ackStore,
  inboxPartitionStore,
  inboxView,
  type AckStore,
  type InboxPartition,
} from '../src/adapters/inbox.ts';
import { operatorFlowRoutes } from '../src/routes/operator-flows.ts';
import { WebhookStore } from '../src/webhooks/index.ts';

const t0 = Date.parse('2030-03-01T10:00:00.000Z');
let now = t0;
const clock: Clock = { now: () => new Date(now) };
let db: DatabaseSync;
let app: FastifyInstance;
let parts: Map<AgencyId, InboxPartition[]>;
let acks: AckStore;
let webhooks: WebhookStore;

beforeEach(async () => {
  now = t0;
  db = new DatabaseSync(':memory:');
  parts = new Map();
  acks = ackStore(db);
  const inbox = inboxView({
    partitions: (agency) => parts.get(agency) ?? [],
    acks,
    agencies: () => parts.keys(),
  });
  webhooks = new WebhookStore(db, { clock });
  app = await createHttpApp({
    logger: createLogger({ service: 'gateway-test', level: 'silent' }),
    service: 'gateway',
    maxParamLength: 128,
  });
  await app.register(operatorFlowRoutes({ inbox, webhooks }));
});
afterEach(async () => {
  await app.close();
  db.close();
});

const delivered = (id: string) => ({
  id: asEventId(id),
  type: 'fr.gouv.residence.AddressChanged',
  subject: asPseudonym('p'),
  time: new Date(t0).toISOString(),
  source: 'urn:relais:agency:mairie-lyon',
  purpose: null,
  legalBasis: null,
  consentId: null,
  data: {},
});

describe('GET /v1/operator/flows/:eventId', () => {
  it("answers each recipient's inbox entry and acknowledgement, and each webhook delivery with its attempts", async () => {
    const caf = asAgencyId('caf');
    const dgfip = asAgencyId('dgfip');
    // One partition each: caf holds evt-1 (offset 0) and evt-2 (offset 1), dgfip evt-1.
    parts.set(caf, [inboxPartitionStore(db)]);
    parts.set(dgfip, [inboxPartitionStore(new DatabaseSync(':memory:'))]);
    parts.get(caf)?.[0]?.add(0, delivered('evt-1'), t0, false);
    parts.get(caf)?.[0]?.add(1, delivered('evt-2'), t0, false);
    parts.get(dgfip)?.[0]?.add(0, delivered('evt-1'), t0, false);
    // caf acknowledges the cursor after evt-1 (partition 0, next offset 1), 5 s later.
    acks.apply(caf, [1], t0 + 5_000);

    webhooks.upsertEndpoint(dgfip, 'https://dgfip.example/h', 's'.repeat(32));
    const d = webhooks.enqueue(dgfip, asEventId('evt-1'), '{}');
    if (!d) throw new Error('no webhook delivery');
    now = t0 + 6_000;
    webhooks.markRetry(d.id, now + 60_000, 'HTTP 503', 503);
    now = t0 + 66_000;
    webhooks.markDelivered(d.id, 204);

    const res = await app.inject({ method: 'GET', url: '/v1/operator/flows/evt-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      eventId: 'evt-1',
      recipients: [
        {
          agency: 'caf',
          inbox: {
            deliveredAt: '2030-03-01T10:00:00.000Z',
            ackedAt: '2030-03-01T10:00:05.000Z',
          },
          webhook: null,
        },
        {
          agency: 'dgfip',
          inbox: { deliveredAt: '2030-03-01T10:00:00.000Z', ackedAt: null },
          webhook: {
            deliveryId: d.id,
            status: 'delivered',
            attempts: [
              { at: '2030-03-01T10:00:06.000Z', status: 503, error: 'HTTP 503' },
              { at: '2030-03-01T10:01:06.000Z', status: 204, error: null },
            ],
          },
        },
      ],
    });
    // evt-2 was not acknowledged: its cursor is past the one acknowledged.
    const other = await app.inject({ method: 'GET', url: '/v1/operator/flows/evt-2' });
    expect(other.json().recipients).toEqual([
      {
        agency: 'caf',
        inbox: { deliveredAt: '2030-03-01T10:00:00.000Z', ackedAt: null },
        webhook: null,
      },
    ]);
  });

  it('answers no recipient for an unknown event, and 400 naming the id when it is not one', async () => {
    const none = await app.inject({ method: 'GET', url: '/v1/operator/flows/nope' });
    expect(none.json()).toEqual({ eventId: 'nope', recipients: [] });
    const longest = await app.inject({
      method: 'GET',
      url: `/v1/operator/flows/${'x'.repeat(128)}`,
    });
    expect(longest.statusCode).toBe(200);
    for (const id of ['evt%201', 'evt%0A1']) {
      const bad = await app.inject({ method: 'GET', url: `/v1/operator/flows/${id}` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems[0].field).toBe('/params/eventId');
    }
    // Past 128 characters, before any handler: a 4xx all the same.
    const long = await app.inject({ method: 'GET', url: `/v1/operator/flows/${'x'.repeat(129)}` });
    expect(long.statusCode).toBe(414);
  });
});
