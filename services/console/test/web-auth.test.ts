// Operators' sign-in, through app.inject() against the real local identity provider (startIdp,
// the console's client of the agents' audience): the ProConnect-shaped request (scopes, acr, state,
// nonce, PKCE), an operator in; a steward, a France Services agent, a citizen and a bearer token
// refused without a byte of data (the ports are never called); sessions (cookie flags, rotation,
// idle and absolute expiry, forgery), CSRF, sign-out, the language switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csrfOf,
  providerLoginPage,
  ProviderRefusal,
  startWebEnv,
  throughProvider,
  type Jar,
  type WebEnv,
} from './web-support.ts';

let env: WebEnv;
beforeAll(async () => {
  env = await startWebEnv();
});
afterAll(() => env?.close());

const session = (jar: Jar) => jar.cookies.get('relais-console-session');

async function operator(): Promise<Jar> {
  const jar = env.jar();
  const res = await env.signIn(jar, 'claire-dubois');
  expect(res.statusCode).toBe(303);
  return jar;
}

describe('an operator signs in the ProConnect way', () => {
  it('asks the provider for name, unit and roles at eidas1, with state, nonce and PKCE', async () => {
    const jar = env.jar();
    const login = await env.call(jar, 'GET', '/login?next=/dead-letters');
    expect(login.statusCode).toBe(303);
    const authorize = new URL(String(login.headers.location));
    expect(authorize.origin + authorize.pathname).toBe(`${env.idp.issuer}/authorize`);
    const p = authorize.searchParams;
    expect(p.get('scope')).toBe('openid given_name usual_name organizational_unit relais_roles');
    expect(p.get('acr_values')).toBe('eidas1');
    expect(p.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(p.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    // Nothing personal asked for beyond what the pages show.
    expect(p.get('scope')).not.toMatch(/email|uid|siret/);

    const callback = await throughProvider(authorize.href, 'claire-dubois', env.origin);
    const res = await env.call(jar, 'GET', callback.pathname + callback.search);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dead-letters');
    const home = await env.call(jar, 'GET', '/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Connecté·e\u00a0: Claire Dubois (Relais — exploitation)');
    expect(home.body).toContain('<html lang="fr"');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, apart from the portal’s, and rotates it', async () => {
    const jar = await operator();
    const first = session(jar);
    const line = jar.setCookies.find((l) => l.startsWith('relais-console-session='))!;
    expect(line).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    await env.signIn(jar, 'claire-dubois');
    expect(session(jar)).toBeDefined();
    expect(session(jar)).not.toBe(first);
    const old = env.jar();
    old.cookies.set('relais-console-session', first!);
    const res = await env.call(old, 'GET', '/lag');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Flag');
  });

  it('uses __Host- cookies with Secure behind TLS', async () => {
    const tls = await startWebEnv({ origin: 'https://console.relais.test' });
    try {
      const jar = tls.jar();
      const res = await tls.signIn(jar, 'mehdi-haddad');
      expect(res.statusCode).toBe(303);
      const line = jar.setCookies.find((l) => l.startsWith('__Host-relais-console-session='));
      expect(line).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
      expect((await tls.call(jar, 'GET', '/journal')).statusCode).toBe(200);
    } finally {
      await tls.close();
    }
  });

  it('ends a session after 30 idle minutes and after 8 hours in all, on the clock it is handed', async () => {
    const jar = await operator();
    env.clock.advance(29 * 60_000);
    expect((await env.call(jar, 'GET', '/audit')).statusCode).toBe(200);
    env.clock.advance(31 * 60_000);
    expect((await env.call(jar, 'GET', '/audit')).statusCode).toBe(303);

    const busy = await operator();
    for (let h = 0; h < 16; h++) {
      env.clock.advance(29 * 60_000);
      expect((await env.call(busy, 'GET', '/audit')).statusCode).toBe(200);
    }
    env.clock.advance(29 * 60_000);
    expect((await env.call(busy, 'GET', '/audit')).statusCode).toBe(303);
  });

  it('refuses a callback with no sign-in under way, and a forged session cookie', async () => {
    const jar = env.jar();
    const res = await env.call(jar, 'GET', '/auth/callback?code=abc&state=def');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('La connexion n’a pas abouti');
    jar.cookies.set('relais-console-session', 'forged-'.repeat(6));
    expect((await env.call(jar, 'GET', '/journal')).statusCode).toBe(303);
  });

  it('signs out at the provider with id_token_hint, after checking the form’s CSRF token', async () => {
    const jar = await operator();
    const page = await env.call(jar, 'GET', '/journal');
    expect((await env.call(jar, 'POST', '/logout', { _csrf: 'wrong' })).statusCode).toBe(403);
    const out = await env.call(jar, 'POST', '/logout', { _csrf: csrfOf(page.body) });
    expect(out.statusCode).toBe(303);
    const end = new URL(String(out.headers.location));
    expect(end.pathname).toBe('/api/v2/session/end');
    expect(end.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${env.origin}/signed-out`);
    expect(session(jar)).toBeUndefined();
    expect((await env.call(jar, 'GET', '/journal')).statusCode).toBe(303);
    const back = await env.call(jar, 'GET', '/signed-out');
    expect(back.body).toContain('Vous êtes déconnecté·e');
  });

  it('switches language by a link, remembered in the session', async () => {
    const jar = await operator();
    const sw = await env.call(jar, 'GET', '/lang/en?back=/lag');
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe('/lag');
    const lag = await env.call(jar, 'GET', '/lag');
    expect(lag.body).toContain('<html lang="en"');
    expect(lag.body).toContain('Lag and throughput');
    expect((await env.call(jar, 'GET', '/lang/xx?back=//evil.example')).headers.location).toBe('/');
    expect((await env.call(jar, 'GET', '/lang/fr?back=//evil.example')).headers.location).toBe('/');
  });
});

describe('anyone else is refused, and sees no data', () => {
  const pages = [
    '/',
    '/flows?by=event&eventId=x',
    '/lag',
    '/dead-letters',
    '/webhooks',
    '/audit',
    '/journal',
  ];

  it('refuses a steward and a France Services agent by name (403), with only sign-out left', async () => {
    for (const handle of ['sophie-lefevre', 'nadia-benkirane', 'julien-moreau']) {
      const before = env.ports.calls.length;
      const jar = env.jar();
      const res = await env.signIn(jar, handle);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Accès réservé aux opérateurs');
      expect(res.body).toContain('Se déconnecter');
      expect(res.body).not.toContain('id="menu"');
      for (const p of pages) {
        const r = await env.call(jar, 'GET', p);
        expect(r.statusCode, `${handle} ${p}`).toBe(403);
        expect(r.body).toContain('Accès réservé aux opérateurs');
      }
      const post = await env.call(jar, 'POST', '/dead-letters/replay', {
        _csrf: csrfOf(res.body),
        ids: 'relais.dlq.router:0:17',
      });
      expect(post.statusCode).toBe(403);
      expect(env.ports.calls.length).toBe(before);
      // Sign-out still works.
      const out = await env.call(jar, 'POST', '/logout', { _csrf: csrfOf(res.body) });
      expect(out.statusCode).toBe(303);
    }
  });

  it('never lists a citizen at the console’s provider client, and refuses one posted there', async () => {
    const jar = env.jar();
    const login = await env.call(jar, 'GET', '/login');
    const body = await providerLoginPage(String(login.headers.location));
    expect(body).toContain('Claire Dubois');
    expect(body).toContain('name="agent"');
    for (const c of env.idp.citizens) expect(body).not.toContain(c.name);
    const refused = throughProvider(String(login.headers.location), 'camille', env.origin);
    await expect(refused).rejects.toBeInstanceOf(ProviderRefusal);
    await expect(refused).rejects.toMatchObject({ status: 400 });
  });

  it('refuses a citizen even through a client mis-declared for citizens: no roles, no entry', async () => {
    const wrong = await startWebEnv({ audience: 'citizens' });
    try {
      const jar = wrong.jar();
      // The provider will not give the agents' scopes (relais_roles) to a citizens' client: the
      // sign-in comes back as invalid_scope, and the console opens nothing.
      const res = await wrong.signIn(jar, 'camille');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('La connexion n’a pas abouti');
      expect(jar.cookies.has('relais-console-session')).toBe(false);
      expect((await wrong.call(jar, 'GET', '/dead-letters')).statusCode).toBe(303);
      expect(wrong.ports.calls).toEqual([]);
    } finally {
      await wrong.close();
    }
  });

  it('answers a bearer token (an agency’s, or an operator token) with 401, never the data', async () => {
    const before = env.ports.calls.length;
    // The welcome page (/) shows no data; every other page answers 401.
    for (const p of pages.filter((x) => x !== '/')) {
      const res = await env.call(env.jar(), 'GET', p, undefined, {
        authorization: 'Bearer agency-caf-token-0123456789',
      });
      expect(res.statusCode, p).toBe(401);
      expect(res.body).toContain('Connexion requise');
    }
    const post = await env.call(
      env.jar(),
      'POST',
      '/dead-letters/replay',
      { ids: 'relais.dlq.router:0:17' },
      { authorization: 'Bearer agency-caf-token-0123456789' },
    );
    expect(post.statusCode).toBe(401);
    expect(env.ports.calls.length).toBe(before);
  });

  it('sends a visitor without a session to sign in, and back', async () => {
    const res = await env.call(env.jar(), 'GET', '/dead-letters');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fdead-letters');
    const welcome = await env.call(env.jar(), 'GET', '/');
    expect(welcome.statusCode).toBe(200);
    expect(welcome.body).toContain('S’identifier avec ProConnect');
  });
});

describe('forms need the session’s CSRF token', () => {
  it('refuses a post without it, with another session’s, or with no session, and does nothing', async () => {
    const jar = await operator();
    const other = await operator();
    const otherToken = csrfOf((await env.call(other, 'GET', '/journal')).body);
    const before = env.ports.calls.filter((c) => c.startsWith('actions.')).length;
    const form = { ids: 'relais.dlq.router:0:17', discardReason: 'duplicate of an earlier event' };
    for (const path of ['/dead-letters/replay', '/dead-letters/discard', '/webhooks/redeliver']) {
      expect((await env.call(jar, 'POST', path, form)).statusCode).toBe(403);
      expect((await env.call(jar, 'POST', path, { ...form, _csrf: otherToken })).statusCode).toBe(
        403,
      );
      expect((await env.call(env.jar(), 'POST', path, form)).statusCode).toBe(401);
    }
    for (const path of ['/dead-letters/confirm', '/webhooks/confirm']) {
      expect((await env.call(jar, 'POST', path, { ...form, action: 'replay' })).statusCode).toBe(
        403,
      );
    }
    expect(env.ports.calls.filter((c) => c.startsWith('actions.')).length).toBe(before);
  });

  it('logs no name, e-mail or token', async () => {
    for (const line of env.logs) {
      expect(line).not.toMatch(/Claire|Dubois|example\.org|relais-ops|eyJ/);
    }
  });
});
