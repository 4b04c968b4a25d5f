// The router's HTTP plugin on the kit's app, injected (no port, no Kafka): its counters in JSON
// and for Prometheus.
import { expect, it } from 'vitest';
import { asAgencyId, asSubscriptionId } from '@relais/contracts';
import { createHttpApp, createLogger, createServiceMetrics, relaisMetrics } from '@relais/kit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import { registerRouterMetrics } from '../src/adapters/metrics.ts';
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

it('serves the same counters to Prometheus at /metrics/prometheus, by reason and agency', async () => {
  const metrics = createServiceMetrics('router', { scrapeToken: 'scrape' });
  const app = await createHttpApp({
    logger: createLogger({ service: 'router-app-test', level: 'silent' }),
    service: 'router',
    metrics,
  });
  const stats = emptyStats();
  registerRouterMetrics(metrics, stats);
  await app.register(routerApp, { stats });
  const caf = asAgencyId('caf');
  countRouted(stats, [
    { code: 'no-subscription', agency: null, subscription: null, detail: '' },
    { code: 'no-consent', agency: caf, subscription: asSubscriptionId('caf-address'), detail: '' },
  ]);
  countRouted(stats, [
    { code: 'revoked', agency: caf, subscription: asSubscriptionId('caf-address'), detail: '' },
  ]);
  stats.deliveries = 4;
  await app.inject({ method: 'GET', url: '/metrics' });

  const res = await app.inject({
    method: 'GET',
    url: '/metrics/prometheus',
    headers: { authorization: 'Bearer scrape' },
  });
  expect(res.statusCode).toBe(200);
  const parsed = parsePrometheus(res.body);
  const { events, deliveries, denials, duplicates } = relaisMetrics.router;
  expect(sampleSum(parsed, events.name)).toBe(2);
  expect(sampleSum(parsed, deliveries.name)).toBe(4);
  expect(sampleSum(parsed, duplicates.name)).toBe(0);
  expect(sampleSum(parsed, denials.name, { reason: 'no-subscription', agency: 'none' })).toBe(1);
  expect(sampleSum(parsed, denials.name, { reason: 'no-consent', agency: 'caf' })).toBe(1);
  expect(sampleSum(parsed, denials.name, { reason: 'revoked', agency: 'caf' })).toBe(1);
  expect(sampleSum(parsed, denials.name)).toBe(3);
  expect(
    sampleSum(parsed, `${relaisMetrics.http.requestDuration.name}_count`, { route: '/metrics' }),
  ).toBe(1);
  // Every router metric of the list is exposed.
  for (const d of Object.values(relaisMetrics.router))
    expect(parsed.types.get(d.name)).toBe(d.type);
  await app.close();
});
