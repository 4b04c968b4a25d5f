// De-duplication never drops without a counted, visible trace (issue 13, hole 3): a delivery
// already in an agency's webhook queue (its inbox's repeats: inbox.test.ts, on Kafka), and a
// request replayed by its Idempotency-Key, are counted in the
// gateway's stats (GET /v1/operator/stats, operator token) and logged at info with the event id.
// An Idempotency-Key that is not printable ASCII is a 400 naming the header.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { asAgencyId, asEventId } from '@relais/contracts';
import { asPseudonym } from '@relais/identity';
import { captureLogs } from '@relais/testkit';
import {
  createHttpApp,
  createLogger,
  createServiceMetrics,
  operatorAuth,
  type Logger,
} from '@relais/kit';
import { idempotencyStore } from '../src/adapters/idempotency.ts';
import { gatewayMetrics } from '../src/adapters/metrics.ts';
import type { Publisher } from '../src/adapters/publisher.ts';
import { receiveDelivery } from '../src/consumers/deliveries.ts';
import { emptyGatewayStats } from '../src/domain/stats.ts';
import { eventRoutes } from '../src/routes/events.ts';
import { statsRoutes } from '../src/routes/stats.ts';

function capture(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const logs = captureLogs();
  const logger = createLogger({
    service: 'gateway-test',
    level: 'info',
    destination: logs.destination,
  });
  return { logger, lines: () => logs.records() };
}

const caf = asAgencyId('caf');

describe('duplicates at the gateway', () => {
  it('counts and logs a delivery already in the webhook queue', async () => {
    const { logger, lines } = capture();
    const stats = emptyGatewayStats();
    const queued = new Set<string>();
    const deps = {
      webhooks: {
        enqueue: (agency: string, eventId: string) => {
          const created = !queued.has(`${agency}/${eventId}`);
          queued.add(`${agency}/${eventId}`);
          return { id: `d-${eventId}`, created };
        },
      },
      stats,
      logger,
    };
    const delivery = {
      agency: caf,
      event: {
        id: asEventId('evt-1'),
        type: 'fr.gouv.residence.AddressChanged',
        subject: asPseudonym('pseudo-1'),
        time: '2026-11-02T09:30:00Z',
        source: 'urn:relais:agency:mairie-lyon',
        purpose: 'address-update',
        legalBasis: 'consent',
        consentId: 'c-1',
        data: {},
      },
    };
    expect((await receiveDelivery({ event: delivery, deps })).kind).toBe('queued');
    expect(await receiveDelivery({ event: delivery, deps })).toEqual({ kind: 'duplicate' });
    expect(stats.duplicates).toMatchObject({ webhooks: 1 });
    const logged = lines().filter((l) => l['msg'] === 'duplicate webhook delivery skipped');
    expect(logged.map((l) => [l['level'], l['event'], l['agency']])).toEqual([
      ['info', 'evt-1', 'caf'],
    ]);
    expect(JSON.stringify(logged)).not.toContain('pseudo-1');
  });

  it('counts and logs a request replayed by its Idempotency-Key; shows the counters to operators', async () => {
    const { logger, lines } = capture();
    const stats = emptyGatewayStats();
    const app = await createHttpApp({ logger, service: 'gateway' });
    app.addHook('onRequest', async (request) => {
      request.agency = { id: caf, sector: 'social', urn: 'urn:relais:agency:caf' };
    });
    let n = 0;
    const publisher = {
      prepare: async () => ({ ok: true, prepared: {} }),
      publish: async () => [
        {
          id: asEventId(`evt-${(n += 1)}`),
          contract: 'fr.gouv.x.Y',
          topic: 'relais.events.x',
          acceptedAt: 'now',
        },
      ],
    } as unknown as Publisher;
    await app.register(
      eventRoutes({
        publisher,
        idempotency: idempotencyStore(new DatabaseSync(':memory:'), () => 0),
        limiter: { check: () => undefined },
        maxBatch: 10,
        counters: gatewayMetrics(createServiceMetrics('gateway'), {}),
        stats,
        logger,
      }),
    );
    await app.register(async (operators) => {
      operators.addHook('onRequest', operatorAuth('op-token'));
      await operators.register(statsRoutes(stats));
    });
    const post = (key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/events/fr.gouv.x.Y',
        headers: { 'idempotency-key': key },
        payload: { subject: 's', data: {} },
      });
    expect((await post('k-1')).json()).toMatchObject({ id: 'evt-1' });
    const replay = await post('k-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toMatchObject({ id: 'evt-1' });
    expect(stats.duplicates).toMatchObject({ idempotentReplays: 1 });
    expect(
      lines()
        .filter((l) => l['msg'] === 'idempotent replay answered')
        .map((l) => [l['level'], l['events']]),
    ).toEqual([['info', ['evt-1']]]);

    // Printable ASCII only: another byte is a 400 naming the header.
    for (const key of ['clé-1', 'tab\tkey', '']) {
      const res = await post(key);
      expect({ key, status: res.statusCode }).toEqual({ key, status: 400 });
      expect(JSON.stringify(res.json().problems)).toContain('idempotency-key');
    }

    expect((await app.inject('/v1/operator/stats')).statusCode).toBe(401);
    const shown = await app.inject({
      url: '/v1/operator/stats',
      headers: { authorization: 'Bearer op-token' },
    });
    expect(shown.json()).toEqual({
      duplicates: { inbox: 0, webhooks: 0, idempotentReplays: 1 },
    });
  });
});
