// eIDAS levels: the id_token's acr is the level the chosen account reaches; an account below the
// level asked for is refused on the login page (asked again, never a 5xx); a session below the
// level a later request asks for signs in again (step-up).
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAcrValues, satisfies } from '../src/index.ts';
import { formOf } from './support/browser.ts';
import {
  authorizeRequest,
  browser,
  clients,
  relyingParty,
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

describe('acr_values', () => {
  it('reads the least level asked for, refuses anything but eidas1..3', () => {
    expect(parseAcrValues('eidas3 eidas2')).toMatchObject({ ok: true, minimum: 'eidas2' });
    expect(parseAcrValues(' eidas1 ')).toMatchObject({ ok: true, minimum: 'eidas1' });
    expect(parseAcrValues(undefined)).toMatchObject({ ok: false });
    expect(parseAcrValues('eidas2 loa3')).toMatchObject({ ok: false });
    expect(satisfies('eidas3', 'eidas2')).toBe(true);
    expect(satisfies('eidas1', 'eidas2')).toBe(false);
  });
});

describe('the level a login reaches', () => {
  it('puts the level asked for in the id_token, even when the account reaches a higher one', async () => {
    const c = clients.caf;
    const config = await relyingParty(t.idp, c);
    const req = authorizeRequest(config, c, { acr_values: 'eidas1' });
    const { callback } = await signIn(browser(), req.url, 'lucas');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.claims()!['acr']).toBe('eidas1');
  });

  it('asks again when the chosen account cannot reach the level, then accepts one that can', async () => {
    const c = clients.portal;
    const config = await relyingParty(t.idp, c);
    const b = browser();
    const req = authorizeRequest(config, c, { acr_values: 'eidas2' });
    const login = await b.follow(req.url.href);
    expect(login.status).toBe(200);
    // The list says which accounts reach the level.
    expect(login.body).toMatch(
      /Yanis Benali<span class="level"[^>]*>n’atteint pas le niveau demandé/,
    );
    const form = formOf(login.body, 'Se connecter');
    const action = new URL(form.action, login.url).href;

    const refused = await b.request(action, { form: { citizen: 'yanis' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain(
      'Le compte de Yanis Benali atteint au plus le niveau faible (eidas1)\u00a0; le service demande le niveau substantiel (eidas2).',
    );
    expect(refused.body).toContain('href="#citizen-yanis"');
    // What was chosen stays chosen.
    expect(refused.body).toMatch(/id="citizen-yanis" value="yanis" checked/);

    const accepted = await b.follow(action, { form: { citizen: 'camille' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('Transmettre et continuer');
    const consent = formOf(accepted.body, 'Transmettre et continuer');
    const back = await b.follow(new URL(consent.action, accepted.url).href, { form: {} });
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.claims()!['acr']).toBe('eidas2');
  });

  it('signs in again when the session is below the level a later request asks for', async () => {
    const c = clients.portal;
    const config = await relyingParty(t.idp, c);
    const b = browser();
    const low = authorizeRequest(config, c, { acr_values: 'eidas1' });
    await signIn(b, low.url, 'yanis');

    // Same browser, same session: eidas1 is enough, no page at all.
    const again = authorizeRequest(config, c, { acr_values: 'eidas1' });
    const direct = await b.follow(again.url.href);
    expect(new URL(direct.url).searchParams.get('code')).toBeTruthy();

    // eidas2 now: the login page again, saying why.
    const high = authorizeRequest(config, c, { acr_values: 'eidas2' });
    const { callback, login } = await signIn(b, high.url, 'awa');
    expect(login.body).toContain('Votre connexion actuelle n’atteint pas le niveau demandé');
    const tokens = await client.authorizationCodeGrant(config, callback, {
      expectedState: high.state,
      expectedNonce: high.nonce,
    });
    expect(tokens.claims()!['acr']).toBe('eidas2');
    expect(t.errors).toEqual([]);
  });

  it('answers login_required to prompt=none when the session is below the level', async () => {
    const c = clients.portal;
    const config = await relyingParty(t.idp, c);
    const b = browser();
    await signIn(b, authorizeRequest(config, c, { acr_values: 'eidas1' }).url, 'yanis');
    const silent = authorizeRequest(config, c, { acr_values: 'eidas2', prompt: 'none' });
    const page = await b.follow(silent.url.href);
    const back = new URL(page.url);
    expect(back.searchParams.get('error')).toBe('login_required');
    expect(back.searchParams.get('state')).toBe(silent.state);
  });
});
