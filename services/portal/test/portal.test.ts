// The portal plugin through app.inject() against the real local identity provider (no Kafka):
// sign-in and linking, the unknown identity page, sessions (rotation, expiry, forgery), CSRF,
// step-up, form errors in both languages, another citizen's ids, bad input never a 5xx, sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { relaisMetrics } from '@relais/kit';
import { parsePrometheus, sampleSum } from '@relais/testkit/prometheus';
import { cookieNames, setCookie } from '../src/routes/web.ts';
import { SCRAPE_TOKEN, startEnv, type Env, type Jar } from './support/inject.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env?.close());

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const sessionCookie = (jar: Jar) => jar.cookies.get('relais-session');

async function signedIn(handle: string, level?: string): Promise<Jar> {
  const jar = env.jar();
  const res = await env.signIn(jar, handle, level ? { level } : {});
  expect(res.statusCode).toBe(303);
  return jar;
}

describe('sign-in and linking', () => {
  it('signs in at eidas1 and links the identity, however enrolment spelt the names', async () => {
    const jar = env.jar();
    const login = await env.call(jar, 'GET', '/login?next=/consents');
    expect(login.statusCode).toBe(303);
    const authorize = new URL(String(login.headers.location));
    expect(authorize.origin).toBe(new URL(env.idp.issuer).origin);
    expect(authorize.searchParams.get('acr_values')).toBe('eidas1');
    expect(authorize.searchParams.get('scope')).toBe('openid identite_pivot');
    expect(authorize.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(authorize.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32);

    const res = await env.signIn(jar, 'camille', { next: '/consents' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/consents');
    const home = await env.call(jar, 'GET', '/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Bonjour Camille');
    expect(home.body).toContain('<html lang="fr"');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, and rotates it at each sign-in', async () => {
    const jar = await signedIn('yanis');
    const first = sessionCookie(jar);
    const line = jar.setCookies.find((l) => l.startsWith('relais-session='))!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    await env.signIn(jar, 'yanis');
    expect(sessionCookie(jar)).toBeDefined();
    expect(sessionCookie(jar)).not.toBe(first);
    // The old id opens nothing any more.
    const old = env.jar();
    old.cookies.set('relais-session', first!);
    const res = await env.call(old, 'GET', '/consents');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fconsents');
  });

  it('answers an identity Relais does not know with a clear page (403), never a 500', async () => {
    const jar = env.jar();
    const res = await env.signIn(jar, 'antoine');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Relais ne vous connaît pas encore');
    expect(res.body).toContain('Se déconnecter');
    // Nothing of the citizen's pages opens with it.
    expect((await env.call(jar, 'GET', '/consents')).statusCode).toBe(303);
    // Sign-out still works (it ends the provider's session).
    const out = await env.call(jar, 'POST', '/logout', { _csrf: csrfOf(res.body) });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers.location)).toContain('/session/end');
  });

  it('refuses a callback without its sign-in under way (replayed, expired) with a page', async () => {
    const jar = env.jar();
    const res = await env.call(jar, 'GET', '/auth/callback?code=abc&state=def');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('La connexion n’a pas abouti');
    const cancelled = await env.call(env.jar(), 'GET', '/auth/callback?error=access_denied');
    expect(cancelled.statusCode).toBe(400);
  });
});

describe('sessions', () => {
  it('expire after the idle time on the clock handed in; a forged cookie opens nothing', async () => {
    const jar = await signedIn('ines');
    expect((await env.call(jar, 'GET', '/consents')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    const late = await env.call(jar, 'GET', '/consents');
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/login?next=%2Fconsents');
    const forged = env.jar();
    forged.cookies.set('relais-session', 'A'.repeat(43));
    expect((await env.call(forged, 'GET', '/notices')).statusCode).toBe(303);
    const post = await env.call(forged, 'POST', '/consents', { _csrf: 'x' });
    expect(post.statusCode).toBe(401);
    expect(post.body).toContain('Votre session a expiré');
  });
});

describe('forms', () => {
  it('refuse a post without its CSRF token, or with another one (403), and do nothing', async () => {
    const jar = await signedIn('camille');
    const before = env.data.calls.filter((c) => c.what === 'grant').length;
    const grant = { purpose: 'address-update', recipient: 'caf', categories: 'address' };
    const none = await env.call(jar, 'POST', '/consents', grant);
    expect(none.statusCode).toBe(403);
    expect(none.body).toContain('Ce formulaire a expiré');
    const other = await env.call(jar, 'POST', '/consents', { ...grant, _csrf: 'B'.repeat(43) });
    expect(other.statusCode).toBe(403);
    for (const path of ['/preferences', '/consents/revoke-all', '/receipts/verify', '/logout'])
      expect((await env.call(jar, 'POST', path, {})).statusCode, path).toBe(403);
    expect(env.data.calls.filter((c) => c.what === 'grant').length).toBe(before);
  });

  it('name each field in error with a summary, keep what was typed, in French and in English', async () => {
    const jar = await signedIn('camille');
    const form = await env.call(jar, 'GET', '/consents/new');
    const _csrf = csrfOf(form.body);
    const bad = await env.call(jar, 'POST', '/consents', {
      _csrf,
      recipient: 'nasa',
      expires: '31/02/2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Erreur : ');
    expect(bad.body).toContain('Il y a un problème');
    expect(bad.body).toContain('href="#purpose-address-update">Choisissez pour quoi faire');
    expect(bad.body).toContain('href="#recipient">Choisissez qui peut recevoir');
    expect(bad.body).toContain('href="#categories-identity">Cochez au moins une information');
    expect(bad.body).toContain('href="#expires">Saisissez une date réelle');
    expect(bad.body).toContain('value="31/02/2027"');
    await env.call(jar, 'GET', '/lang/en?back=/consents/new');
    const en = await env.call(jar, 'POST', '/consents', { _csrf, expires: '2020-01-01' });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('There is a problem');
    expect(en.body).toContain('Enter a date in the future');
    await env.call(jar, 'GET', '/lang/fr?back=/');
  });

  it('grants in plain words, shows it, and withdraws it with one button', async () => {
    const jar = await signedIn('camille');
    const _csrf = csrfOf((await env.call(jar, 'GET', '/consents/new')).body);
    const ok = await env.call(jar, 'POST', '/consents', {
      _csrf,
      purpose: 'address-update',
      recipient: 'caf',
      categories: ['address'],
    });
    expect(ok.statusCode).toBe(303);
    const list = await env.call(jar, 'GET', '/consents');
    expect(list.body).toContain('Votre accord est enregistré');
    expect(list.body).toContain(
      'Caisse d&#39;allocations familiales du Rhône peut recevoir : votre adresse',
    );
    const id = /action="\/consents\/([^/]+)\/revoke"/.exec(list.body)![1]!;
    expect(list.body).toMatch(/Retirer mon accord\s*<\/button>/);
    const revoked = await env.call(jar, 'POST', `/consents/${id}/revoke`, { _csrf });
    expect(revoked.statusCode).toBe(303);
    expect((await env.call(jar, 'GET', '/consents')).body).toContain('Votre accord est retiré');
  });

  it('saves preferences, and names missing e-mail and address when their channels are chosen', async () => {
    const jar = await signedIn('yanis');
    const _csrf = csrfOf((await env.call(jar, 'GET', '/preferences')).body);
    const bad = await env.call(jar, 'POST', '/preferences', {
      _csrf,
      channels: ['EMAIL', 'POSTAL_LETTER'],
      language: 'FR',
      email: 'not-an-address',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#email">Saisissez une adresse électronique au bon format');
    expect(bad.body).toContain('href="#name">Saisissez le nom');
    expect(bad.body).toContain('href="#line1">Saisissez au moins deux lignes');
    const ok = await env.call(jar, 'POST', '/preferences', {
      _csrf,
      channels: ['PORTAL', 'EMAIL'],
      language: 'EN',
      email: 'yanis@example.org',
      paused: 'yes',
    });
    expect(ok.statusCode).toBe(303);
    expect(env.data.prefs.get(env.pseudonymOf('yanis'))).toMatchObject({
      channels: ['PORTAL', 'EMAIL'],
      language: 'EN',
      email: 'yanis@example.org',
      paused: true,
    });
  });
});

describe('step-up to eidas2', () => {
  it('hides health and disability items at eidas1 and sends revoke-all to sign in at eidas2', async () => {
    const jar = await signedIn('awa');
    env.data.consents.set(env.pseudonymOf('awa'), [
      {
        id: 'c-health',
        purpose: 'care-coverage',
        recipient: 'cpam',
        categories: ['disability'],
        grantedAt: '2026-10-01T10:00:00.000Z',
        expiresAt: null,
        revokedAt: null,
        channel: 'PORTAL',
        status: 'active',
      },
    ]);
    const list = await env.call(jar, 'GET', '/consents');
    expect(list.body).toContain('1 élément concerne votre santé ou un handicap');
    expect(list.body).not.toContain('c-health');
    const all = await env.call(jar, 'GET', '/consents/revoke-all');
    expect(all.statusCode).toBe(303);
    expect(all.headers.location).toBe('/login?level=eidas2&next=%2Fconsents%2Frevoke-all');
    const form = await env.call(jar, 'GET', '/consents/new');
    expect(form.body).not.toContain('value="health"');

    const up = await env.signIn(jar, 'awa', { level: 'eidas2', next: '/consents/revoke-all' });
    expect(up.statusCode).toBe(303);
    const page = await env.call(jar, 'GET', '/consents/revoke-all');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Retirer tous mes accords\s*<\/button>/);
    const done = await env.call(jar, 'POST', '/consents/revoke-all', { _csrf: csrfOf(page.body) });
    expect(done.statusCode).toBe(303);
    expect(env.data.calls.filter((c) => c.what === 'revoke').at(-1)?.acr).toBe('eidas2');
    expect(env.data.consents.get(env.pseudonymOf('awa'))![0]!.status).toBe('revoked');
  });

  it('refuses a sign-in below the level asked for (Yanis reaches eidas1 only)', async () => {
    const jar = env.jar();
    await expect(env.signIn(jar, 'yanis', { level: 'eidas2' })).rejects.toThrow();
  });
});

describe("another citizen's ids", () => {
  it('are 404 pages, like ids that do not exist', async () => {
    const camille = await signedIn('camille');
    env.data.notices.set(env.pseudonymOf('ines'), [
      {
        noticeId: 'notice-ines',
        benefit: 'CSS',
        period: '2026',
        subject: 'Vous avez probablement droit',
        createdAt: '2026-11-01T10:00:00.000Z',
        openedAt: null,
        claimedAt: null,
        deliveries: [],
      },
    ]);
    env.data.consents.set(env.pseudonymOf('ines'), [
      {
        id: 'consent-ines',
        purpose: 'address-update',
        recipient: 'caf',
        categories: ['address'],
        grantedAt: '2026-10-01T10:00:00.000Z',
        expiresAt: null,
        revokedAt: null,
        channel: 'PORTAL',
        status: 'active',
      },
    ]);
    const csrf = csrfOf((await env.call(camille, 'GET', '/consents')).body);
    for (const [method, url] of [
      ['GET', '/notices/notice-ines'],
      ['GET', '/consents/consent-ines/receipt'],
      ['GET', '/access-log/access-ines'],
      ['GET', '/access-log/access-ines/proof.json'],
      ['POST', '/consents/consent-ines/revoke'],
      ['GET', '/no/such/page'],
    ] as const) {
      const res = await env.call(
        camille,
        method,
        url,
        method === 'POST' ? { _csrf: csrf } : undefined,
      );
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Page introuvable');
    }
    expect(env.data.opened).not.toContain('notice-ines');
    expect(env.data.consents.get(env.pseudonymOf('ines'))![0]!.status).toBe('active');
  });
});

describe('bad input', () => {
  it('never answers a 5xx', async () => {
    const jar = await signedIn('camille');
    const csrf = csrfOf((await env.call(jar, 'GET', '/consents')).body);
    const attempts: Array<[string, string, string | undefined, string | undefined]> = [
      ['POST', '/consents', `_csrf=${csrf}&categories=%ZZ`, 'application/x-www-form-urlencoded'],
      [
        'POST',
        '/consents',
        `_csrf=${csrf}&${'a=1&'.repeat(5000)}`,
        'application/x-www-form-urlencoded',
      ],
      ['POST', '/preferences', '{"channels":1}', 'application/json'],
      ['POST', '/consents', 'x', 'text/plain'],
      ['GET', '/consents/..%2F..%2Fetc/receipt', undefined, undefined],
      ['GET', `/notices/${'x'.repeat(500)}`, undefined, undefined],
      ['GET', '/login?level=eidas9&next=https://evil.example/', undefined, undefined],
      ['GET', '/lang/de?back=//evil.example', undefined, undefined],
      ['GET', '/assets/dsfr/../../package.json', undefined, undefined],
      ['GET', '/assets/dsfr/fonts/nothing.woff2', undefined, undefined],
    ];
    for (const [method, url, payload, type] of attempts) {
      const res = await env.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: {
          cookie: `relais-session=${sessionCookie(jar)}`,
          ...(type ? { 'content-type': type } : {}),
        },
        ...(payload !== undefined ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
      if (res.statusCode === 303) expect(String(res.headers.location)).not.toContain('evil');
    }
  });
});

describe('pages', () => {
  it('send a strict CSP and no-store, and log no personal identifier', async () => {
    const jar = await signedIn('camille');
    const res = await env.call(jar, 'GET', '/consents');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain(`form-action 'self' ${new URL(env.idp.issuer).origin}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).not.toMatch(/<script/i);
    const logs = env.logs.join('\n');
    for (const secret of [
      'Camille',
      'MARTIN',
      '1991-03-12',
      '69123',
      env.pseudonymOf('camille'),
      env.pivots['camille']!,
    ])
      expect(logs, secret).not.toContain(secret);
    expect(logs).toContain('"route":"/consents"');
  });

  it('signs out: session gone, the provider asked to end its own with id_token_hint', async () => {
    const jar = await signedIn('ines');
    const csrf = csrfOf((await env.call(jar, 'GET', '/').then((r) => r)).body);
    const out = await env.call(jar, 'POST', '/logout', { _csrf: csrf });
    expect(out.statusCode).toBe(303);
    const end = new URL(String(out.headers.location));
    expect(end.pathname).toBe('/api/v2/session/end');
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe('http://portal.test/signed-out');
    expect(sessionCookie(jar)).toBeUndefined();
    const gone = await env.call(jar, 'GET', '/consents');
    expect(gone.statusCode).toBe(303);
    const bye = await env.call(jar, 'GET', '/signed-out');
    expect(bye.body).toContain('Vous êtes déconnecté·e');
  });
});

describe('metrics', () => {
  it('time every page by its route pattern, never by an id or a citizen, behind the scrape token', async () => {
    const denied = await env.app.inject({ url: '/metrics/prometheus' });
    expect(denied.statusCode).toBe(401);
    const scrape = async () => {
      const res = await env.app.inject({
        url: '/metrics/prometheus',
        headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return { res, parsed: parsePrometheus(res.body) };
    };
    const count = `${relaisMetrics.http.requestDuration.name}_count`;
    const notFound = { route: '/notices/:id', status_code: '404' };
    const before = sampleSum((await scrape()).parsed, count, notFound);
    const jar = await signedIn('camille');
    await env.call(jar, 'GET', '/notices/notice-of-nobody');
    const { res, parsed } = await scrape();
    expect(sampleSum(parsed, count, notFound) - before).toBe(1);
    expect(sampleSum(parsed, count, { route: '/auth/callback' })).toBeGreaterThan(0);
    expect(res.body).not.toContain('notice-of-nobody');
    expect(res.body).not.toContain(env.pseudonymOf('camille'));
    // Patterns only: no query string (the provider's code and state), no value.
    const routes = parsed.samples.flatMap((sample) => sample.labels['route'] ?? []);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).toMatch(/^(unmatched|\/[^?]*)$/);
  });
});

describe('cookies behind TLS', () => {
  it('are Secure, with the __Host- prefix (no Domain, Path=/)', async () => {
    const app = Fastify();
    app.get('/', async (_request, reply) => {
      setCookie(reply, true, cookieNames(true).session, 'value');
      return 'ok';
    });
    const res = await app.inject('/');
    expect(res.headers['set-cookie']).toEqual([
      '__Host-relais-session=value; Path=/; HttpOnly; SameSite=Lax; Secure',
    ]);
    await app.close();
  });
});
