// The HTTP surface on app.inject(), without Kafka: the plugin registered on the kit's app with a
// real campaign runner over an empty profile store, whose pages wait until the test lets them go.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createHttpApp,
  createLogger,
  createServiceMetrics,
  fixedClock,
  operatorAuth,
  relaisMetrics,
} from '@relais/kit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEligibilityMetrics } from '../src/adapters/metrics.ts';
import { ProfileStore } from '../src/adapters/profile-store.ts';
import { eligibilityApp } from '../src/app.ts';
import { CampaignRunner } from '../src/consumers/campaign.ts';
import { newStats, type EligibilityStats } from '../src/consumers/stats.ts';
import { campaignDate } from '../src/domain/campaign-date.ts';
import { parameterBook } from '../src/domain/rules/index.ts';

const TODAY = '2026-11-22';
const operator = { authorization: 'Bearer operator-secret' };

let app: FastifyInstance;
let store: ProfileStore;
let dir: string;
let stats: EligibilityStats;
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
const hold = () => {
  gate = new Promise((resolve) => {
    release = resolve;
  });
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'eligibility-app-'));
  store = new ProfileStore({ dataDir: dir, partitions: 1 });
  const logger = createLogger({ service: 'eligibility-test', level: 'silent' });
  stats = newStats();
  const campaigns = new CampaignRunner({
    store,
    logger,
    stats,
    clock: fixedClock(`${TODAY}T10:00:00Z`),
    commit: async () => undefined,
    exclusive: async (_partition, fn) => {
      await gate;
      return fn();
    },
  });
  const metrics = createServiceMetrics('eligibility', { scrapeToken: 'scrape' });
  registerEligibilityMetrics(metrics, { stats, store, campaigns });
  app = await createHttpApp({ logger, service: 'eligibility', description: 'test', metrics });
  await app.register(eligibilityApp, {
    book: parameterBook(),
    stats,
    store,
    campaigns,
    operator: operatorAuth('operator-secret'),
    today: () => TODAY,
  });
});

afterAll(async () => {
  release();
  await app?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function prometheus() {
  const res = await app.inject({
    method: 'GET',
    url: '/metrics/prometheus',
    headers: { authorization: 'Bearer scrape' },
  });
  expect(res.statusCode).toBe(200);
  return parsePrometheus(res.body);
}

describe('the eligibility app', () => {
  it('counts profiles and facts on /metrics', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ profiles: 0, eventsApplied: 0, campaign: null });
  });

  it('serves the same counters to Prometheus at /metrics/prometheus', async () => {
    stats.eventsApplied = 3;
    stats.eventsIgnored = 1;
    stats.evaluations = 12;
    stats.determinations['css'] = { eligible: 2, 'not-eligible': 1 };
    stats.forgotten = 1;
    const parsed = await prometheus();
    const m = relaisMetrics.eligibility;
    expect(sampleSum(parsed, m.profiles.name)).toBe(0);
    expect(sampleSum(parsed, m.facts.name, { result: 'applied' })).toBe(3);
    expect(sampleSum(parsed, m.facts.name, { result: 'ignored' })).toBe(1);
    expect(sampleSum(parsed, m.evaluations.name)).toBe(12);
    expect(sampleSum(parsed, m.determinations.name, { benefit: 'css', outcome: 'eligible' })).toBe(
      2,
    );
    expect(sampleSum(parsed, m.forgotten.name)).toBe(1);
    for (const d of Object.values(m)) expect(parsed.types.get(d.name)).toBe(d.type);
    // The JSON counters read the same object.
    expect((await app.inject({ method: 'GET', url: '/metrics' })).json()).toMatchObject({
      eventsApplied: 3,
      evaluations: 12,
    });
  });

  it('lists the parameters in order, each with its dated values', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/parameters' });
    const ids = (res.json().parameters as Array<{ id: string }>).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    expect(ids).toContain('css.plafond_base');
  });

  it('keeps campaigns for operators', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/campaigns', payload: {} });
    expect(res.statusCode).toBe(401);
  });

  it('refuses a campaign for a date that is not one, or is still to come, naming the field', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: operator,
      payload: { on: '22/11/2026' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'eligibility.campaign-date-invalid',
      problems: [{ field: '/body/on', expected: 'a date YYYY-MM-DD' }],
    });
    const ahead = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: operator,
      payload: { on: '2026-11-23' },
    });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json()).toMatchObject({
      code: 'eligibility.campaign-date-ahead',
      problems: [{ field: '/body/on', expected: expect.stringContaining(`(${TODAY})`) }],
    });
  });

  it('starts one campaign at a time, and shows it', async () => {
    hold();
    const started = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: operator,
      payload: {},
    });
    expect(started.statusCode).toBe(202);
    const campaign = started.json();
    expect(campaign).toMatchObject({ on: TODAY, reason: 'operator', status: 'running' });
    expect(started.headers['location']).toBe(`/v1/campaigns/${campaign.id}`);

    const again = await app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: operator,
      payload: { on: '2026-11-01' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'eligibility.campaign-running',
      message: `campaign ${campaign.id} is running (0/0)`,
    });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.json().campaign).toMatchObject({ id: campaign.id, status: 'running' });
    const running = await prometheus();
    expect(sampleSum(running, relaisMetrics.eligibility.campaignRunning.name)).toBe(1);
    expect(running.types.get(relaisMetrics.eligibility.campaignProfiles.name)).toBe('gauge');

    release();
    await expect
      .poll(
        async () =>
          (await app.inject({ url: `/v1/campaigns/${campaign.id}`, headers: operator })).json()
            .status,
      )
      .toBe('done');
    expect(sampleSum(await prometheus(), relaisMetrics.eligibility.campaignRunning.name)).toBe(0);
    const list = await app.inject({ url: '/v1/campaigns', headers: operator });
    expect(list.json().campaigns).toEqual([expect.objectContaining({ id: campaign.id })]);
  });

  it('answers 404 for a campaign it does not know', async () => {
    const res = await app.inject({ url: '/v1/campaigns/nope', headers: operator });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: 'eligibility.campaign-not-found',
      message: 'campaign nope not found',
    });
  });
});

describe('the date of a campaign', () => {
  it('is today when not given, a past day as given, never a day to come', () => {
    expect(campaignDate(undefined, TODAY)).toEqual({ ok: true, on: TODAY });
    expect(campaignDate(null, TODAY)).toEqual({ ok: true, on: TODAY });
    expect(campaignDate('2026-01-31', TODAY)).toEqual({ ok: true, on: '2026-01-31' });
    expect(campaignDate('2026-11-23', TODAY)).toEqual({
      ok: false,
      code: 'after-today',
      today: TODAY,
    });
    for (const on of ['2026-13-45', '2026-1-1', 20261122, 'tomorrow'])
      expect(campaignDate(on, TODAY), String(on)).toEqual({ ok: false, code: 'not-a-date' });
  });
});
