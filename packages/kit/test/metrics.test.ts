// Metrics: one registry per service app, the HTTP latency histogram by route pattern (never a raw
// URL), the scrape route behind its token, counters read at scrape time, the metrics listener.
import { describe, expect, it } from 'vitest';
import {
  hasPromtool,
  parsePrometheus,
  promtoolCheckMetrics,
  sampleSum,
} from '@relais/testkit/prometheus';
import {
  createHttpApp,
  createServiceMetrics,
  listenMetrics,
  metricDefinitions,
  relaisMetrics,
  type ServiceMetrics,
} from '../src/index.ts';
import { silentLogger } from './support.ts';

const TOKEN = 'scrape-token-for-tests';
const SECRET_ID = 'pseudo-4f1c9e22-secret';

async function appWith(metrics: ServiceMetrics) {
  const app = await createHttpApp({ logger: silentLogger(), service: metrics.service, metrics });
  app.get('/v1/inbox/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/v1/things', async (_request, reply) => reply.status(202).send({}));
  app.get('/v1/broken', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

async function scrape(app: Awaited<ReturnType<typeof appWith>>) {
  const res = await app.inject({
    method: 'GET',
    url: '/metrics/prometheus',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.statusCode).toBe(200);
  return { text: res.body, parsed: parsePrometheus(res.body), res };
}

describe('HTTP latency histogram', () => {
  it('labels requests by method, route pattern and status code, never by the raw path', async () => {
    const app = await appWith(createServiceMetrics('histogram-test', { scrapeToken: TOKEN }));
    await app.inject({ method: 'GET', url: `/v1/inbox/${SECRET_ID}` });
    await app.inject({ method: 'GET', url: `/v1/inbox/${SECRET_ID}-2?cursor=${SECRET_ID}` });
    await app.inject({ method: 'POST', url: '/v1/things', payload: {} });
    await app.inject({ method: 'GET', url: `/v1/nothing/${SECRET_ID}` });
    await app.inject({ method: 'GET', url: '/v1/broken' });
    const { text, parsed, res } = await scrape(app);

    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const name = relaisMetrics.http.requestDuration.name;
    expect(parsed.types.get(name)).toBe('histogram');
    const count = (labels: Record<string, string>) => sampleSum(parsed, `${name}_count`, labels);
    expect(count({ method: 'GET', route: '/v1/inbox/:id', status_code: '200' })).toBe(2);
    expect(count({ method: 'POST', route: '/v1/things', status_code: '202' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(count({ method: 'GET', route: '/v1/broken', status_code: '500' })).toBe(1);
    // Buckets up to +Inf, and the sum of durations.
    const buckets = parsed.samples.filter(
      (s) => s.name === `${name}_bucket` && s.labels['route'] === '/v1/inbox/:id',
    );
    expect(buckets.map((b) => b.labels['le'])).toContain('+Inf');
    expect(sampleSum(parsed, `${name}_sum`, { route: '/v1/inbox/:id' })).toBeGreaterThan(0);
    // No identifier from a path or a query reaches a label.
    expect(text).not.toContain(SECRET_ID);
    const routes = new Set(
      parsed.samples.filter((s) => s.name === `${name}_count`).map((s) => s.labels['route']),
    );
    expect([...routes].sort()).toEqual(['/v1/broken', '/v1/inbox/:id', '/v1/things', 'unmatched']);
    await app.close();
  });

  it('adds the process runtime metrics to the scrape, and the scrape passes promtool when present', async () => {
    const app = await appWith(createServiceMetrics('runtime-test', { scrapeToken: TOKEN }));
    const { text, parsed } = await scrape(app);
    expect(parsed.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(parsed.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(parsed.types.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    // promtool's lint, on Relais' names (prom-client's own nodejs_active_*_total gauges trip it).
    const problems = promtoolCheckMetrics(text);
    if (hasPromtool()) expect(problems?.filter((p) => p.startsWith('relais_'))).toEqual([]);
    else expect(problems).toBeUndefined();
    await app.close();
  });
});

describe('GET /metrics/prometheus access', () => {
  it('is denied without the scrape token, with another token, and when no token is configured', async () => {
    const guarded = await appWith(createServiceMetrics('guarded', { scrapeToken: TOKEN }));
    const none = await guarded.inject({ method: 'GET', url: '/metrics/prometheus' });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toContain('scrape token');
    const wrong = await guarded.inject({
      method: 'GET',
      url: '/metrics/prometheus',
      headers: { authorization: 'Bearer operator-token' },
    });
    expect(wrong.statusCode).toBe(401);
    await guarded.close();

    // Without a scrape token: no token opens it (deny by default).
    const closed = await appWith(createServiceMetrics('closed'));
    const denied = await closed.inject({
      method: 'GET',
      url: '/metrics/prometheus',
      headers: { authorization: 'Bearer ' },
    });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().message).toContain('METRICS_PORT');
    // The API description says which credential it takes.
    const openapi = (await closed.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(openapi.paths['/metrics/prometheus'].get.security).toEqual([{ scrapeToken: [] }]);
    await closed.close();
  });

  it('is served without a token on the metrics listener, and only there', async () => {
    const metrics = createServiceMetrics('listener-test');
    const app = await appWith(metrics);
    await app.inject({ method: 'GET', url: '/v1/inbox/x' });
    const listener = await listenMetrics(metrics, {
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger(),
    });
    try {
      const res = await fetch(`${listener.url}/metrics/prometheus`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const parsed = parsePrometheus(await res.text());
      expect(
        sampleSum(parsed, `${relaisMetrics.http.requestDuration.name}_count`, {
          route: '/v1/inbox/:id',
        }),
      ).toBe(1);
      expect((await fetch(`${listener.url}/v1/inbox/x`)).status).toBe(404);
      expect((await fetch(`${listener.url}/metrics/prometheus`, { method: 'POST' })).status).toBe(
        405,
      );
    } finally {
      await listener.close();
      await app.close();
    }
  });
});

describe('service registries', () => {
  it('keeps each service app to its own counters in one process', async () => {
    const a = createServiceMetrics('a', { scrapeToken: TOKEN });
    const b = createServiceMetrics('b', { scrapeToken: TOKEN });
    const appA = await appWith(a);
    const appB = await appWith(b);
    a.counter(relaisMetrics.router.events).inc(3);
    await appA.inject({ method: 'POST', url: '/v1/things', payload: {} });
    const scrapedA = (await scrape(appA)).parsed;
    const scrapedB = (await scrape(appB)).parsed;
    expect(sampleSum(scrapedA, relaisMetrics.router.events.name)).toBe(3);
    expect(scrapedB.types.has(relaisMetrics.router.events.name)).toBe(false);
    const things = { route: '/v1/things' };
    const count = `${relaisMetrics.http.requestDuration.name}_count`;
    expect(sampleSum(scrapedA, count, things)).toBe(1);
    expect(sampleSum(scrapedB, count, things)).toBe(0);
    // Both carry the one set of process metrics.
    expect(scrapedB.types.has('process_resident_memory_bytes')).toBe(true);
    await appA.close();
    await appB.close();
  });

  it('reads counters kept elsewhere at scrape time, without counting twice', async () => {
    const metrics = createServiceMetrics('reads');
    const stats = { byReason: { 'no-consent': 2 } as Record<string, number>, events: 5 };
    metrics.counterFrom(relaisMetrics.router.events, () => stats.events);
    metrics.counterFrom(relaisMetrics.router.denials, () =>
      Object.entries(stats.byReason).map(([reason, n]) => [{ reason, agency: 'none' }, n] as const),
    );
    const first = parsePrometheus(await metrics.scrape());
    const again = parsePrometheus(await metrics.scrape());
    for (const parsed of [first, again]) {
      expect(sampleSum(parsed, relaisMetrics.router.events.name)).toBe(5);
      expect(sampleSum(parsed, relaisMetrics.router.denials.name, { reason: 'no-consent' })).toBe(
        2,
      );
    }
    stats.events += 1;
    stats.byReason['revoked'] = 1;
    const later = parsePrometheus(await metrics.scrape());
    expect(sampleSum(later, relaisMetrics.router.events.name)).toBe(6);
    expect(sampleSum(later, relaisMetrics.router.denials.name)).toBe(3);
  });

  it('refuses a definition used as another type', () => {
    const metrics = createServiceMetrics('types');
    expect(() => metrics.counter(relaisMetrics.eligibility.profiles)).toThrow(/is a gauge/);
  });
});

describe('the list of metrics', () => {
  it('names each metric once, in Prometheus form, with counters ending in _total', () => {
    const all = metricDefinitions();
    expect(new Set(all.map((d) => d.name)).size).toBe(all.length);
    for (const d of all) {
      expect(d.name).toMatch(/^relais_[a-z0-9_]+$/);
      expect(d.name.endsWith('_total')).toBe(d.type === 'counter');
      expect(d.help.length).toBeGreaterThan(10);
      for (const label of d.labels) expect(label).toMatch(/^[a-z][a-z_]*$/);
      // Labels that could carry a person are never declared.
      for (const label of d.labels)
        expect([
          'pivot',
          'pseudonym',
          'subject',
          'nir',
          'email',
          'citizen',
          'url',
          'path',
        ]).not.toContain(label);
    }
  });
});
