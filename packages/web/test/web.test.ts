// @relais/web on its own: escaping, formats, forms and CSRF, cookies and headers on an injected
// fastify app, the SQLite session store's lifetimes on a clock the test moves, the DSFR assets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assetRoutes,
  contentSecurityPolicy,
  cookieNames,
  csrfMatches,
  DSFR_PREFIX,
  formatInstant,
  formatNumber,
  html,
  loadAssets,
  many,
  one,
  parseForm,
  raw,
  safeNext,
  sessionStore,
  setCookie,
  webBasics,
  type SessionData,
} from '../src/index.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('text', () => {
  it('escapes every interpolated value unless it is Html', () => {
    const name = '<script>"x" & \'y\'</script>';
    expect(html`<p title="${name}">${name}${raw('<br>')}</p>`.value).toBe(
      '<p title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;<br></p>',
    );
    expect(html`${[1, false, null, undefined, 'a']}`.value).toBe('1a');
  });

  it('writes instants to the second and numbers in French and English, in Paris time', () => {
    const at = new Date('2026-11-28T13:05:09Z');
    expect(formatInstant(at, 'fr')).toBe('28\u00a0novembre\u00a02026\u00a0à 14:05:09');
    expect(formatInstant(at, 'en')).toBe('28\u00a0November\u00a02026 at 14:05:09');
    expect(formatNumber(10339, 'fr')).toBe('10\u202f339');
    expect(formatNumber(10339, 'en')).toBe('10,339');
  });

  it('reads forms: repeated fields as lists, trimmed, empty ones left out', () => {
    const body = parseForm('ids=a&ids=%20b%20&ids=&reason=+why+');
    expect(many(body, 'ids')).toEqual(['a', 'b']);
    expect(one(body, 'reason')).toBe('why');
    expect(one(body, 'absent')).toBe('');
  });

  it('compares CSRF tokens in constant time and refuses a missing one', () => {
    expect(csrfMatches({ _csrf: 'abc' }, 'abc')).toBe(true);
    expect(csrfMatches({ _csrf: 'abd' }, 'abc')).toBe(false);
    expect(csrfMatches({ _csrf: ['abc', 'abc'] }, 'abc')).toBe(false);
    expect(csrfMatches({}, 'abc')).toBe(false);
    expect(csrfMatches({ _csrf: 'abc' }, undefined)).toBe(false);
  });

  it('sends the visitor back to its own paths only', () => {
    expect(safeNext('/dead-letters')).toBe('/dead-letters');
    for (const bad of ['//evil.example', 'https://evil.example', '/a?b=c', undefined]) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});

describe('http', () => {
  it('names cookies per face, __Host- behind TLS, and sets them HttpOnly and SameSite=Lax', async () => {
    expect(cookieNames(false).session).toBe('relais-session');
    expect(cookieNames(true, 'relais-console')).toEqual({
      session: '__Host-relais-console-session',
      login: '__Host-relais-console-login',
      lang: '__Host-relais-console-lang',
    });
    const app = Fastify();
    webBasics(app, { csp: contentSecurityPolicy({ formTargets: ['http://idp'] }), formLimit: 64 });
    app.post('/', async (request, reply) => {
      setCookie(reply, true, '__Host-x', 'v', 60);
      return request.body;
    });
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1&a=2',
    });
    expect(res.json()).toEqual({ a: ['1', '2'] });
    expect(res.headers['set-cookie']).toEqual([
      '__Host-x=v; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=60',
    ]);
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
    expect(res.headers['content-security-policy']).toContain("form-action 'self' http://idp");
    expect(res.headers['cache-control']).toBe('no-store');
    const big = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `a=${'x'.repeat(100)}`,
    });
    expect(big.statusCode).toBe(413);
    await app.close();
  });

  it('allows scripts from this origin only when a face has some', () => {
    expect(contentSecurityPolicy({ formTargets: [], scripts: true })).toContain(
      "script-src 'self'",
    );
  });
});

describe('sessions on SQLite', () => {
  it('ends a session after its idle time or its absolute one, and a sign-in sooner', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-web-'));
    dirs.push(dir);
    let t = Date.parse('2026-11-02T09:00:00Z');
    const store = sessionStore<SessionData & { n?: number }>({
      dataDir: dir,
      clock: { now: () => new Date(t) },
      policy: { idleMs: 10 * 60_000, maxMs: 60 * 60_000, loginMs: 60_000 },
    });
    const login = store.create({ kind: 'login' });
    const user = store.create({ kind: 'user', n: 1 }, 'en');
    expect(store.get(user)).toMatchObject({ data: { kind: 'user', n: 1 }, lang: 'en' });
    t += 2 * 60_000;
    expect(store.get(login)).toBeUndefined();
    expect(store.get(user)).toBeDefined();
    // Seen every 9 minutes: alive until the absolute hour.
    for (let i = 0; i < 6; i++) {
      t += 9 * 60_000;
      expect(store.get(user)).toBeDefined();
    }
    t += 5 * 60_000;
    expect(store.get(user)).toBeUndefined();
    const idle = store.create({ kind: 'user' });
    t += 11 * 60_000;
    expect(store.get(idle)).toBeUndefined();
    expect(store.get('x'.repeat(200))).toBeUndefined();
    expect(store.count()).toBe(0);
    store.close();
  });
});

describe('assets', () => {
  it('serves the stylesheet under its hash, the design system’s fonts, and nothing else', async () => {
    const assets = loadAssets({
      name: 'test',
      components: ['button'],
      css: '.x{color:red}',
      scripts: { refresh: 'console.log(1)' },
    });
    expect(assets.cssPath).toMatch(/^\/assets\/test-[0-9a-f]{12}\.css$/);
    expect(assets.css).toContain('.relais-tools');
    expect(assets.css).toContain('.x{color:red}');
    const app = Fastify();
    await app.register(assetRoutes(assets));
    const css = await app.inject({ url: assets.cssPath, headers: { 'accept-encoding': 'br' } });
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['cache-control']).toContain('immutable');
    const js = await app.inject({ url: assets.scriptPaths['refresh']! });
    expect(js.body).toBe('console.log(1)');
    const font = /url\((\/assets\/dsfr\/[^)]+\.woff2)\)/.exec(assets.css)?.[1];
    expect(font).toBeDefined();
    expect((await app.inject({ url: font! })).statusCode).toBe(200);
    for (const bad of ['../package.json', 'core/core.main.min.css', '%2e%2e/%2e%2e/x.svg']) {
      expect((await app.inject({ url: `${DSFR_PREFIX}${bad}` })).statusCode).toBe(404);
    }
    await app.close();
  });
});
