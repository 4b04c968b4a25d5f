// The router's HTTP plugin on the kit's app, injected (no port, no Kafka).
import { expect, it } from 'vitest';
import { createHttpApp, createLogger } from '@relais/kit';
import { routerApp } from '../src/app.ts';
import { countRouted, emptyStats } from '../src/domain/stats.ts';

it('serves the live counters at /metrics', async () => {
  const app = await createHttpApp({
    logger: createLogger({ service: 'router-app-test', level: 'silent' }),
    service: 'router',
  });
  const stats = emptyStats();
  await app.register(routerApp, { stats });
  countRouted(stats, [{ code: 'no-subscription', agency: null, subscription: null, detail: '' }]);
  stats.deliveries = 3;
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({
    events: 1,
    deliveries: 3,
    denials: { 'no-subscription': 1, 'no-consent': 0, revoked: 0, expired: 0, 'unknown-agency': 0 },
    denialsByAgency: {},
    duplicatesSkipped: 0,
  });
  const openapi = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  expect(Object.keys(openapi.paths)).toContain('/metrics');
  await app.close();
});
