// What the provider refuses, and how: OIDC errors back to the service provider when its
// redirect_uri is known (with the state), an error page when it is not, a 4xx page that says how
// to fix it for bad form input — never a 5xx.
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, formOf } from './support/browser.ts';
import {
  authorizeRequest,
  browser,
  clients,
  relyingParty,
  RP,
  startTestIdp,
  type TestIdp,
} from './support/fixtures.ts';

let t: TestIdp;
let config: client.Configuration;

beforeAll(async () => {
  t = await startTestIdp();
  config = await relyingParty(t.idp, clients.portal);
});

afterAll(async () => {
  // Nothing refused here is an unexpected error.
  expect(t.errors).toEqual([]);
  await t?.stop();
});

/** The authorize request answered by a redirect to the client: its error and state. */
async function refusedBack(params: Record<string, string>) {
  const req = authorizeRequest(config, clients.portal, params);
  const page = await browser().follow(req.url.href);
  const back = new URL(page.url);
  expect(back.origin + back.pathname).toBe(`${RP}/auth/callback`);
  // An implicit or hybrid response_type is answered in the fragment, as OAuth says.
  const p = back.hash ? new URLSearchParams(back.hash.slice(1)) : back.searchParams;
  return {
    error: p.get('error'),
    description: p.get('error_description') ?? '',
    state: p.get('state'),
    sent: req.state,
  };
}

describe('authorize: refused back to the service provider', () => {
  it('refuses a state shorter than 32 characters', async () => {
    const r = await refusedBack({ state: 'short-state-0123456789' });
    expect(r.error).toBe('invalid_request');
    expect(r.description).toBe('"state" must have 32 characters at least, got 22');
    expect(r.state).toBe('short-state-0123456789');
  });

  it('refuses a nonce shorter than 32 characters, and a missing one', async () => {
    const short = await refusedBack({ nonce: 'n0nce' });
    expect(short.error).toBe('invalid_request');
    expect(short.description).toBe('"nonce" must have 32 characters at least, got 5');
    expect(short.state).toBe(short.sent);
    const req = authorizeRequest(config, clients.portal);
    req.url.searchParams.delete('nonce');
    const back = new URL((await browser().follow(req.url.href)).url);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/nonce/);
  });

  it('refuses a missing or unknown acr_values', async () => {
    const req = authorizeRequest(config, clients.portal);
    req.url.searchParams.delete('acr_values');
    const back = new URL((await browser().follow(req.url.href)).url);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toBe(
      '"acr_values" is required: eidas1, eidas2 or eidas3',
    );
    const unknown = await refusedBack({ acr_values: 'loa2' });
    expect(unknown.error).toBe('invalid_request');
    expect(unknown.description).toMatch(/eidas1, eidas2 and eidas3 only/);
  });

  it('refuses anything but the code flow answered in the query', async () => {
    for (const responseType of ['code id_token', 'token', 'id_token']) {
      expect((await refusedBack({ response_type: responseType })).error).toBe(
        'unsupported_response_type',
      );
    }
    for (const mode of ['form_post', 'fragment']) {
      const req = authorizeRequest(config, clients.portal, { response_mode: mode });
      const page = await browser().follow(req.url.href);
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.body).toContain('<code>invalid_request</code>');
      expect(page.body).toContain('&quot;response_mode&quot; must be query (or left out)');
    }
  });

  it('refuses a scope without openid', async () => {
    const r = await refusedBack({ scope: 'given_name' });
    expect(r.error).toBe('invalid_request');
    expect(r.description).toMatch(/openid/);
  });

  it('says access_denied when the citizen cancels', async () => {
    const b = browser();
    const req = authorizeRequest(config, clients.portal);
    const login = await b.follow(req.url.href);
    const cancel = formOf(login.body, 'Annuler et revenir au service');
    const back = new URL(
      (await b.follow(new URL(cancel.action, login.url).href, { form: {} })).url,
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(req.state);
  });
});

describe('authorize: refused on a page, the client being unknown or its redirect_uri', () => {
  it('refuses an unknown client', async () => {
    const req = authorizeRequest(config, clients.portal);
    req.url.searchParams.set('client_id', 'nobody');
    const page = await browser().follow(req.url.href);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('<code>invalid_client</code>');
  });

  it('refuses a redirect_uri the client did not register', async () => {
    const req = authorizeRequest(config, clients.portal);
    req.url.searchParams.set('redirect_uri', 'http://evil.localhost/cb');
    const page = await browser().follow(req.url.href);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(page.body).toContain('<code>invalid_redirect_uri</code>');
  });
});

describe('token and userinfo', () => {
  it('refuses a wrong client secret and an unknown client', async () => {
    const token = config.serverMetadata().token_endpoint!;
    for (const [id, secret] of [
      [clients.portal.client_id, 'not-the-secret-0123456789abcdef0123'],
      ['nobody', 'whatever-0123456789abcdef0123456789'],
    ] as const) {
      const res = await fetch(token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'x',
          redirect_uri: `${RP}/auth/callback`,
          client_id: id,
          client_secret: secret,
        }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
    }
  });

  it('refuses userinfo without a valid access token', async () => {
    const res = await fetch(config.serverMetadata().userinfo_endpoint!, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses session/end without id_token_hint, as FranceConnect does', async () => {
    const page = await browser().request(
      `${t.idp.issuer}/session/end?post_logout_redirect_uri=${encodeURIComponent(`${RP}/signed-out`)}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain('&quot;id_token_hint&quot; is required');
  });
});

describe('the login form', () => {
  async function loginPage(): Promise<{ b: Browser; action: string; page: string }> {
    const b = browser();
    const req = authorizeRequest(config, clients.portal);
    const login = await b.follow(req.url.href);
    const form = formOf(login.body, 'Se connecter');
    return { b, action: new URL(form.action, login.url).href, page: login.url };
  }

  it('answers 400 with an error summary when no account is chosen, or an unknown one', async () => {
    const { b, action } = await loginPage();
    for (const form of [{}, { citizen: '' }, { citizen: 'nobody' }, { citizen: '<script>' }]) {
      const page = await b.request(action, { form });
      expect(page.status).toBe(400);
      expect(page.body).toContain('Il y a un problème');
      expect(page.body).toContain('Choisissez un compte de démonstration dans la liste.');
      expect(page.body).toContain('href="#citizen-camille"');
      expect(page.body).not.toContain('<script>');
    }
  });

  it('answers 415 to another content type and 413 to a huge form', async () => {
    const { b, action } = await loginPage();
    const json = await b.request(action, {
      body: '{"citizen":"camille"}',
      type: 'application/json',
    });
    expect(json.status).toBe(415);
    expect(json.body).toContain('application/x-www-form-urlencoded');
    const huge = await b.request(action, { form: { citizen: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(413);
  });

  it('answers 400 to an unknown or expired interaction, and without its cookie', async () => {
    const { action } = await loginPage();
    const stranger = new Browser();
    const noCookie = await stranger.request(action, { form: { citizen: 'camille' } });
    expect(noCookie.status).toBe(400);
    expect(noCookie.body).toContain('Cette demande de connexion a expiré ou n’existe pas.');
    const unknown = await stranger.request(`${t.idp.issuer}/interaction/nope`);
    expect(unknown.status).toBe(400);
    const { b } = await loginPage();
    const wrongUid = await b.request(`${t.idp.issuer}/interaction/nope/login`, {
      form: { citizen: 'camille' },
    });
    expect(wrongUid.status).toBe(400);
  });

  it('answers 404 and 405 to what does not exist', async () => {
    const { b, page } = await loginPage();
    expect((await b.request(`${page}/elsewhere`, { form: {} })).status).toBe(404);
    expect((await b.request(`${page}/login`)).status).toBe(405);
    expect((await b.request(`${t.idp.url}/nothing-here`)).status).toBe(404);
  });
});

describe('headers and cookies', () => {
  it('serves every page with a strict CSP and HttpOnly, SameSite cookies', async () => {
    const b = browser();
    const login = await b.follow(authorizeRequest(config, clients.portal).url.href);
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(
      /form-action 'self' http:\/\/rp\.localhost:4100 http:\/\/caf\.localhost:4200/,
    );
    expect(csp).not.toContain('unsafe-inline');
    expect(login.headers.get('referrer-policy')).toBe('no-referrer');
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.body).not.toContain('<script');
    expect(b.setCookies.length).toBeGreaterThan(0);
    for (const cookie of b.setCookies) {
      expect(cookie.toLowerCase()).toContain('httponly');
      expect(cookie.toLowerCase()).toMatch(/samesite=(lax|strict)/);
    }
    const css = await fetch(`${t.idp.url}/assets/idp.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('switches language with a visible link and keeps it', async () => {
    const b = browser();
    const login = await b.follow(authorizeRequest(config, clients.portal).url.href);
    const link = /<a class="lang-switch" href="([^"]+)" hreflang="en" lang="en">English<\/a>/.exec(
      login.body,
    );
    expect(link).not.toBeNull();
    const en = await b.request(new URL(link![1]!.replace(/&amp;/g, '&'), login.url).href);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('>Sign in</button>');
    expect(en.body).toContain('lang="fr">Français</a>');
    // The choice sticks: the same page again, without the parameter, is still English.
    expect((await b.request(login.url)).body).toContain('<html lang="en">');
    // ui_locales asks for English from the start.
    const asked = await browser().follow(
      authorizeRequest(config, clients.portal, { ui_locales: 'en-GB fr' }).url.href,
    );
    expect(asked.body).toContain('<html lang="en">');
  });
});
