// The whole code flow as a FranceConnect service provider drives it, with openid-client as the
// relying party: discovery → authorize → login page → consent → callback → token → id_token →
// userinfo JWT → session/end with id_token_hint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../src/index.ts';
import { formOf } from './support/browser.ts';
import {
  authorizeRequest,
  browser,
  clients,
  relyingParty,
  RP,
  signIn,
  startTestIdp,
  type TestIdp,
} from './support/fixtures.ts';

let t: TestIdp;

beforeAll(async () => {
  t = await startTestIdp();
});

afterAll(async () => {
  await t?.stop();
});

describe('discovery, FranceConnect v2 shape', () => {
  it('publishes the /api/v2 endpoints, eIDAS levels, pairwise subjects and signed userinfo', async () => {
    const res = await fetch(`${t.idp.url}/api/v2/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown>;
    const base = `${t.idp.url}/api/v2`;
    expect(d).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      userinfo_endpoint: `${base}/userinfo`,
      end_session_endpoint: `${base}/session/end`,
      jwks_uri: `${base}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      acr_values_supported: ['eidas1', 'eidas2', 'eidas3'],
    });
    expect(d['token_endpoint_auth_methods_supported']).toEqual([
      'client_secret_post',
      'client_secret_basic',
    ]);
    expect(d['id_token_signing_alg_values_supported']).toEqual(['ES256', 'RS256']);
    expect(d['userinfo_signing_alg_values_supported']).toEqual(['ES256', 'RS256']);
    expect(d['scopes_supported']).toEqual(
      expect.arrayContaining([
        'openid',
        'given_name',
        'family_name',
        'birthdate',
        'gender',
        'birthplace',
        'birthcountry',
        'email',
        'preferred_username',
        'identite_pivot',
      ]),
    );
    expect(d['grant_types_supported']).toEqual(['authorization_code']);
    expect(d).not.toHaveProperty('pushed_authorization_request_endpoint');
  });

  it('publishes one ES256 and one RS256 public key, no private part', async () => {
    const jwks = (await (await fetch(`${t.idp.url}/api/v2/jwks`)).json()) as {
      keys: Record<string, string>[];
    };
    expect(jwks.keys.map((k) => k['alg']).sort()).toEqual(['ES256', 'RS256']);
    for (const k of jwks.keys) {
      expect(k['use']).toBe('sig');
      expect(k['kid']).toMatch(/^[\w-]{43}$/);
      expect(k).not.toHaveProperty('d');
    }
  });
});

describe('a citizen signs in to the portal', () => {
  it('goes from authorize to userinfo and back out, every token checked', async () => {
    const c = clients.portal;
    const config = await relyingParty(t.idp, c);
    const b = browser();
    const req = authorizeRequest(config, c, { acr_values: 'eidas2' });
    expect(req.url.pathname).toBe('/api/v2/authorize');

    const { callback, login, consent } = await signIn(b, req.url, 'camille');

    // The login page: French by default, the demo accounts with their level, one button.
    expect(login.url).toMatch(new RegExp(`^${t.idp.url}/api/v2/interaction/[\\w-]+$`));
    expect(login.body).toContain('<html lang="fr">');
    expect(login.body).toContain('Camille Martin');
    expect(login.body).toContain('Niveau de garantie demandé\u00a0: substantiel (eidas2)');
    expect(login.body).toContain('Portail Relais');
    // No session yet: nothing to step up from.
    expect(login.body).not.toContain('Votre connexion actuelle');

    // The confirmation: which data, to which service, before it goes.
    expect(consent?.body).toContain('Transmettre vos données à «\u00a0Portail Relais\u00a0»');
    for (const shown of [
      'Camille Anne',
      'MARTIN',
      '12 mars 1991',
      'féminin',
      'Lyon (69123)',
      'France (99100)',
      'camille.martin@example.org',
    ]) {
      expect(consent?.body).toContain(shown);
    }

    expect(callback.origin + callback.pathname).toBe(req.redirectUri);
    expect(callback.searchParams.get('state')).toBe(req.state);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      expectedState: req.state,
      expectedNonce: req.nonce,
      idTokenExpected: true,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(60);
    const idToken = tokens.claims()!;
    expect(idToken.iss).toBe(t.idp.issuer);
    expect(idToken.aud).toBe(c.client_id);
    expect(idToken.nonce).toBe(req.nonce);
    expect(idToken['acr']).toBe('eidas2');
    expect(idToken.sub).toMatch(/^[0-9a-f]{64}v1$/);
    expect(typeof idToken.auth_time).toBe('number');
    // Identity travels by userinfo only, as with FranceConnect.
    expect(idToken).not.toHaveProperty('given_name');
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES256');

    // openid-client checks the userinfo JWT's signature (non-repudiation checks on).
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
    expect(userinfo).toMatchObject({
      sub: idToken.sub,
      given_name: 'Camille Anne',
      family_name: 'MARTIN',
      preferred_username: '',
      birthdate: '1991-03-12',
      gender: 'female',
      birthplace: '69123',
      birthcountry: '99100',
      email: 'camille.martin@example.org',
    });

    // The same answer by hand: application/jwt, signed by a key of /api/v2/jwks.
    const raw = await fetch(config.serverMetadata().userinfo_endpoint!, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^application\/jwt/);
    const jwks = (await (await fetch(config.serverMetadata().jwks_uri!)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(
      await raw.text(),
      createLocalJWKSet(jwks),
      {
        issuer: t.idp.issuer,
        audience: c.client_id,
      },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: idToken.sub, family_name: 'MARTIN' });

    // RP-initiated logout with id_token_hint, back to the registered page with the state.
    const logoutState = client.randomState();
    const end = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: c.post_logout_redirect_uris[0]!,
      state: logoutState,
    });
    expect(end.pathname).toBe('/api/v2/session/end');
    const confirm = await b.follow(end.href);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('<html lang="fr">');
    const form = formOf(confirm.body, 'Me déconnecter');
    const out = await b.follow(new URL(form.action, confirm.url).href, {
      form: { ...form.fields, logout: 'yes' },
    });
    const back = new URL(out.url);
    expect(back.origin + back.pathname).toBe(`${RP}/signed-out`);
    expect(back.searchParams.get('state')).toBe(logoutState);

    // Signed out: the next authorize asks for an account again.
    const again = await b.follow(authorizeRequest(config, c).url.href);
    expect(again.status).toBe(200);
    expect(again.body).toContain('Se connecter');

    // No personal identifier in any URL the browser saw.
    for (const u of b.visited) {
      for (const personal of [
        'camille',
        'Camille',
        'MARTIN',
        '1991-03-12',
        '69123',
        'example.org',
      ]) {
        expect(u).not.toContain(personal);
      }
    }
    expect(t.errors).toEqual([]);
  });

  it('signs with RS256 and authenticates with client_secret_basic when the client says so', async () => {
    const c = clients.portalMobile;
    const config = await relyingParty(t.idp, c);
    const req = authorizeRequest(config, c);
    const { callback } = await signIn(browser(), req.url, 'yanis');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('RS256');
    expect(tokens.claims()!['acr']).toBe('eidas1');
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info['family_name']).toBe('BENALI');
  });

  it('sends only the claims of the scopes asked for', async () => {
    const c = clients.caf;
    const config = await relyingParty(t.idp, c);
    const req = authorizeRequest(config, c, { scope: 'openid given_name birthdate' });
    const { callback, consent } = await signIn(browser(), req.url, 'ines');
    expect(consent?.body).toContain('Inês');
    expect(consent?.body).not.toContain('CARVALHO');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    const identity = Object.keys(info).filter((k) => !['iss', 'aud', 'iat', 'exp'].includes(k));
    expect(identity.sort()).toEqual(['birthdate', 'given_name', 'sub']);
  });
});

describe('behind a TLS proxy', () => {
  it('answers the issuer’s https URLs and Secure cookies when the issuer is elsewhere', async () => {
    const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-idp-proxy-'));
    const idp = await startIdp({
      clients: [clients.portal],
      keysDir,
      issuer: 'https://idp.relais.test/api/v2',
    });
    try {
      const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'idp.relais.test' };
      const d = (await (
        await fetch(`${idp.url}/api/v2/.well-known/openid-configuration`, { headers: forwarded })
      ).json()) as Record<string, string>;
      expect(d['issuer']).toBe('https://idp.relais.test/api/v2');
      expect(d['authorization_endpoint']).toBe('https://idp.relais.test/api/v2/authorize');
      const config = await relyingParty(t.idp, clients.portal);
      const req = authorizeRequest(config, clients.portal);
      const res = await fetch(`${idp.url}/api/v2/authorize${req.url.search}`, {
        headers: forwarded,
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/api\/v2\/interaction\//);
      for (const cookie of res.headers.getSetCookie()) expect(cookie).toMatch(/; secure/i);
    } finally {
      await idp.close();
      rmSync(keysDir, { recursive: true, force: true });
    }
  });
});
