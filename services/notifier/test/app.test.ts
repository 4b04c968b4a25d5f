// The HTTP surface on app.inject(), without Kafka: the plugin registered on the kit's app with a
// real store (SQLite in a temporary directory), an in-memory pseudonym directory and preferences,
// and citizen tokens minted as the consent service's development issuer does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { citizenTokens } from '@relais/consent/auth';
import { asConsentId } from '@relais/contracts';
import { derivePseudonym, newPivot, type Pivot, type Pseudonym } from '@relais/identity';
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
import { registerNotifierMetrics } from '../src/adapters/metrics.ts';
import { PreferencesNotAppliedError } from '../src/adapters/preferences-topic.ts';
import { NotifierStore } from '../src/adapters/store.ts';
import { notifierApp } from '../src/app.ts';
import { noticeFromDetermination } from '../src/consumers/determination.ts';
import { newStats } from '../src/consumers/stats.ts';
import type { EntitlementEvent } from '../src/domain/entitlement.ts';
import { noticeIdOf } from '../src/domain/issue.ts';
import { beaconTokenOf, noticeLinks } from '../src/domain/links.ts';
import type { Preferences } from '../src/domain/preferences.ts';

const AT = '2026-11-22T08:00:00.000Z';
const SECRET = 'a-citizen-token-secret-of-32-bytes-at-least';
const key = Buffer.alloc(32, 7);
const clock = fixedClock(AT);
const beaconToken = beaconTokenOf(key);
const operator = { authorization: 'Bearer operator-secret' };

let app: FastifyInstance;
let store: NotifierStore;
let dir: string;
const stats = newStats();
const preferences = new Map<string, Preferences>();
let failPreferences = false;

// The pseudonym directory: each citizen's portal and Relais pseudonyms from their pivot.
const pivots = new Map<string, Pivot>();
const directory = {
  resolve: (sector: string, pseudonym: string) =>
    sector === 'portal' ? pivots.get(pseudonym) : undefined,
  pseudonymOf: (sector: string, pivot: Pivot) => derivePseudonym(key, sector, pivot),
};
const tokens = citizenTokens({
  audience: 'relais-notifier',
  devSecret: SECRET,
  directory,
  now: () => clock.now(),
});

async function citizen(): Promise<{ relais: Pseudonym; auth: { authorization: string } }> {
  const pivot = newPivot();
  const portal = derivePseudonym(key, 'portal', pivot);
  pivots.set(portal, pivot);
  const { access_token } = await tokens.issue(portal);
  return {
    relais: derivePseudonym(key, 'relais', pivot),
    auth: { authorization: `Bearer ${access_token}` },
  };
}

const determined: EntitlementEvent = {
  decisionId: 'dec-1',
  benefit: 'CSS',
  outcome: 'LIKELY_ELIGIBLE',
  variant: 'free',
  ruleVersion: 'css-2025.1',
  period: '2026',
  evaluatedOn: '2026-11-22',
  explanation: [],
  caveats: [],
  determinedAt: new Date(AT),
};

/** A notice for the citizen, recorded by the use case as the consumer would. */
async function noticeFor(pseudonym: Pseudonym) {
  await noticeFromDetermination({
    event: { pseudonym, event: determined, consentId: asConsentId('consent-1') },
    deps: {
      store,
      preferences: { get: (p) => preferences.get(p) },
      stats,
      clock,
      logger: createLogger({ service: 'notifier-test', level: 'silent' }),
      links: noticeLinks('https://relais.test', beaconToken),
      emailAvailable: false,
      send: () => undefined,
    },
  });
  return noticeIdOf(pseudonym, 'CSS', '2026');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'notifier-app-'));
  store = new NotifierStore(dir);
  const logger = createLogger({ service: 'notifier-test', level: 'silent' });
  const metrics = createServiceMetrics('notifier', { scrapeToken: 'scrape' });
  registerNotifierMetrics(metrics, stats);
  app = await createHttpApp({ logger, service: 'notifier', description: 'test', metrics });
  await app.register(notifierApp, {
    store,
    stats,
    directory,
    preferences: {
      get: (p) => preferences.get(p),
      put: async (p, prefs) => {
        if (failPreferences) throw new PreferencesNotAppliedError('not applied yet');
        preferences.set(p, prefs);
      },
    },
    lettersDir: path.join(dir, 'letters'),
    devTokenSecret: SECRET,
    operator: operatorAuth('operator-secret'),
    beaconToken,
    clock,
  });
});

afterAll(async () => {
  await app?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the citizen's notices", () => {
  it('need a citizen token', async () => {
    const res = await app.inject({ url: '/v1/me/notices' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
  });

  it('lists them, shows one in both languages and counts it opened', async () => {
    const c = await citizen();
    const id = await noticeFor(c.relais);
    const list = await app.inject({ url: '/v1/me/notices', headers: c.auth });
    expect(list.json().notices).toEqual([
      expect.objectContaining({
        noticeId: id,
        benefit: 'CSS',
        period: '2026',
        openedAt: null,
        deliveries: [expect.objectContaining({ channel: 'PORTAL', status: 'PENDING' })],
      }),
    ]);
    const one = await app.inject({ url: `/v1/me/notices/${id}`, headers: c.auth });
    expect(one.statusCode).toBe(200);
    expect(one.json().html).toContain('lang="en"');
    expect(store.notice(id)?.opened_at).toBe(AT);
  });

  it("answers 404 for someone else's notice, and for an id that cannot be one", async () => {
    const owner = await citizen();
    const id = await noticeFor(owner.relais);
    const other = await citizen();
    for (const url of [`/v1/me/notices/${id}`, '/v1/me/notices/..%2Fletters']) {
      const res = await app.inject({ url, headers: other.auth });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('notifier.notice-not-found');
    }
    expect(store.notice(id)?.opened_at).toBeNull();
  });
});

describe("the citizen's preferences", () => {
  it('are the defaults until chosen, then what was chosen', async () => {
    const c = await citizen();
    const before = await app.inject({ url: '/v1/me/notice-preferences', headers: c.auth });
    expect(before.json()).toEqual({ channels: ['PORTAL'], language: 'FR', updatedAt: AT });
    const chosen = { channels: ['EMAIL'], language: 'EN', email: 'c@example.fr' };
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/me/notice-preferences',
      headers: c.auth,
      payload: chosen,
    });
    expect(put.statusCode).toBe(200);
    expect(preferences.get(c.relais)).toEqual({ ...chosen, updatedAt: AT });
    const after = await app.inject({ url: '/v1/me/notice-preferences', headers: c.auth });
    expect(after.json()).toEqual({ ...chosen, updatedAt: AT });
  });

  it('name each field a chosen channel needs', async () => {
    const c = await citizen();
    const res = await app.inject({
      method: 'PUT',
      url: '/v1/me/notice-preferences',
      headers: c.auth,
      payload: { channels: ['EMAIL', 'POSTAL_LETTER'], language: 'FR' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'validation',
      code: 'notifier.preferences-incomplete',
      message:
        '/body/email: expected an e-mail address when EMAIL is chosen; /body/postalAddress: expected a postal address when POSTAL_LETTER is chosen',
      problems: [
        { field: '/body/email', expected: 'an e-mail address when EMAIL is chosen' },
        { field: '/body/postalAddress', expected: 'a postal address when POSTAL_LETTER is chosen' },
      ],
    });
  });

  it('answer 503 when written but not applied yet', async () => {
    const c = await citizen();
    failPreferences = true;
    try {
      const res = await app.inject({
        method: 'PUT',
        url: '/v1/me/notice-preferences',
        headers: c.auth,
        payload: { channels: ['PORTAL'], language: 'FR' },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'unavailable', message: 'service unavailable' });
    } finally {
      failPreferences = false;
    }
  });
});

describe('the opened beacon', () => {
  it('always answers the GIF; counts the notice opened only with its own token', async () => {
    const c = await citizen();
    const id = await noticeFor(c.relais);
    const wrong = await app.inject({ url: `/v1/notices/${id}/opened.gif?t=not-the-token` });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.headers['content-type']).toBe('image/gif');
    expect(store.notice(id)?.opened_at).toBeNull();
    const open = new URL(noticeLinks('https://relais.test', beaconToken)(id).openUrl as string);
    const right = await app.inject({ url: `${open.pathname}${open.search}` });
    expect(right.headers['cache-control']).toBe('no-store');
    expect(store.notice(id)?.opened_at).toBe(AT);
  });
});

describe("operators' routes", () => {
  it('need the operator token', async () => {
    for (const url of ['/v1/funnel', `/v1/letters/${'0'.repeat(36)}`])
      expect((await app.inject({ url })).statusCode, url).toBe(401);
  });

  it('count the funnel per benefit', async () => {
    const res = await app.inject({ url: '/v1/funnel', headers: operator });
    const css = (res.json().benefits as Array<Record<string, unknown>>).find(
      (b) => b['benefit'] === 'CSS',
    );
    expect(css).toMatchObject({ notified: store.funnel()[0]?.notified, claimedWithoutNotice: 0 });
  });

  it('serve a letter of the print queue, 404 for one that is not there', async () => {
    const id = '0123abcd-0000-8000-a000-0123456789ab';
    mkdirSync(path.join(dir, 'letters'), { recursive: true });
    writeFileSync(path.join(dir, 'letters', `${id}.pdf`), '%PDF-1.7 test');
    const letter = await app.inject({ url: `/v1/letters/${id}.pdf`, headers: operator });
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const missing = await app.inject({
      url: '/v1/letters/ffffffff-0000-8000-a000-0123456789ab',
      headers: operator,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('notifier.letter-not-found');
  });

  it('show the counters on /metrics', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.json()).toMatchObject({ notices: stats.notices, byChannel: {} });
    expect(stats.notices).toBeGreaterThan(0);
  });

  it('serve the same counters to Prometheus at /metrics/prometheus', async () => {
    stats.byChannel['email'] = { SENT: 2, FAILED: 1 };
    const res = await app.inject({
      url: '/metrics/prometheus',
      headers: { authorization: 'Bearer scrape' },
    });
    expect(res.statusCode).toBe(200);
    const parsed = parsePrometheus(res.body);
    const m = relaisMetrics.notifier;
    expect(sampleSum(parsed, m.notices.name)).toBe(stats.notices);
    expect(sampleSum(parsed, m.notices.name)).toBeGreaterThan(0);
    expect(sampleSum(parsed, m.determinations.name)).toBe(stats.determinations);
    expect(sampleSum(parsed, m.skipped.name, { reason: 'duplicate' })).toBe(stats.duplicates);
    expect(sampleSum(parsed, m.deliveries.name, { channel: 'email', status: 'SENT' })).toBe(2);
    expect(sampleSum(parsed, m.deliveries.name, { channel: 'email', status: 'FAILED' })).toBe(1);
    for (const d of Object.values(m)) expect(parsed.types.get(d.name)).toBe(d.type);
    // Routes by pattern: a notice id in a path never reaches a label.
    expect(res.body).not.toContain('ffffffff-0000-8000-a000-0123456789ab');
    expect(
      sampleSum(parsed, `${relaisMetrics.http.requestDuration.name}_count`, {
        route: '/v1/letters/:id',
        status_code: '404',
      }),
    ).toBe(1);
    delete stats.byChannel['email'];
  });

  it('serve the preferences page with its headers', async () => {
    const res = await app.inject({ url: '/preferences' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
