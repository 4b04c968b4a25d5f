// Agents, the second audience: infra/agents/agents.yaml loads (and what is wrong in one is named);
// a client declared `audience: 'agents'` lists agents only, signs them in the ProConnect way (no
// confirmation page, ProConnect's claims, `relais_roles`), and the two audiences never meet — a
// citizen's handle at the agents' client, an agent's at the portal, `relais_roles` asked by the
// portal, a session of one audience at the other's client.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentsFileError, isSiret, loadAgents, parseAgents } from '../src/index.ts';
import { formOf } from './support/browser.ts';
import * as fx from './support/fixtures.ts';

const { authorizeRequest, browser, clients, CONSOLE, relyingParty, RP, signIn } = fx;

const AGENT_SCOPE = 'openid given_name usual_name email uid siret organizational_unit relais_roles';

let t: fx.TestIdp;
let consoleRp: client.Configuration;
let portalRp: client.Configuration;

beforeAll(async () => {
  t = await fx.startTestIdp();
  consoleRp = await relyingParty(t.idp, clients.console);
  portalRp = await relyingParty(t.idp, clients.portal);
});

afterAll(async () => {
  expect(t.errors).toEqual([]);
  await t?.stop();
});

function problems(entry: Record<string, unknown>): string[] {
  try {
    parseAgents({ agents: [entry] });
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(AgentsFileError);
    return (e as AgentsFileError).problems;
  }
}

describe('infra/agents/agents.yaml', () => {
  it('holds operators, a steward and two France Services agents of two structures', () => {
    const agents = loadAgents();
    const withRole = (r: string) => agents.filter((a) => a.roles.some((x) => x === r));
    expect(withRole('operator').length).toBeGreaterThanOrEqual(1);
    expect(withRole('steward').length).toBeGreaterThanOrEqual(1);
    const counter = withRole('france-services-agent');
    expect(counter).toHaveLength(2);
    expect(new Set(counter.map((a) => a.structure?.id)).size).toBe(2);
    for (const a of agents) expect(isSiret(a.identity.siret)).toBe(true);
  });

  it('names what is wrong: a bad SIRET, an unknown role, a counter agent without structure', () => {
    const valid = {
      handle: 'alex-agent',
      name: 'Alex Agent',
      roles: ['operator'],
      identity: {
        given_name: 'Alex',
        usual_name: 'Agent',
        email: 'alex@example.org',
        uid: 'alex-1',
        siret: '13000000000013',
        organizational_unit: 'Relais',
      },
    };
    expect(problems(valid)).toEqual([]);
    expect(
      problems({ ...valid, identity: { ...valid.identity, siret: '13000000000014' } }),
    ).toEqual(['agents[alex-agent].identity.siret: expected a SIRET (14 digits, Luhn key)']);
    expect(problems({ ...valid, roles: ['admin'] })).toEqual([
      'agents[alex-agent].roles: expected a list of operator, steward, france-services-agent',
    ]);
    expect(problems({ ...valid, roles: ['france-services-agent'] })).toEqual([
      'agents[alex-agent].structure: a France Services agent needs their structure (id, name)',
    ]);
  });
});

describe('a client of the agents’ audience', () => {
  it('lists agents only and signs one in without a confirmation, with ProConnect’s claims', async () => {
    const b = browser();
    const req = authorizeRequest(consoleRp, clients.console, { scope: AGENT_SCOPE });
    const login = await b.follow(req.url.href);
    expect(login.status).toBe(200);
    expect(login.body).toContain('Choisissez votre compte d’agent de démonstration');
    expect(login.body).toContain('à la manière de ProConnect');
    expect(login.body).toContain('Claire Dubois');
    expect(login.body).toContain('France Services Lyon 8e');
    // No citizen on it.
    for (const c of t.idp.citizens) expect(login.body).not.toContain(c.name);
    expect(login.body).not.toContain('name="citizen"');

    const form = formOf(login.body, 'Se connecter');
    const back = await b.follow(new URL(form.action, login.url).href, {
      form: { agent: 'claire-dubois' },
    });
    const callback = new URL(back.url);
    expect(callback.origin).toBe(CONSOLE);
    const { state: expectedState, nonce: expectedNonce } = req;
    const checks = { expectedState, expectedNonce, idTokenExpected: true };
    const tokens = await client.authorizationCodeGrant(consoleRp, callback, checks);
    const idToken = tokens.claims()!;
    expect(idToken['acr']).toBe('eidas1');
    expect(idToken.sub).toMatch(/^[0-9a-f]{64}v1$/);
    expect(idToken).not.toHaveProperty('relais_roles');
    const info = await client.fetchUserInfo(consoleRp, tokens.access_token, idToken.sub);
    expect(info).toMatchObject({
      sub: idToken.sub,
      given_name: 'Claire',
      usual_name: 'Dubois',
      email: 'claire.dubois@relais.example.org',
      uid: 'relais-ops-0001',
      siret: '13000000000013',
      organizational_unit: 'Relais — exploitation',
      relais_roles: ['operator'],
    });
    // Nothing of a citizen's pivot identity.
    expect(info).not.toHaveProperty('family_name');
    expect(info).not.toHaveProperty('birthdate');
  });

  it('refuses a citizen’s handle posted to its login form (400), and no code goes out', async () => {
    const b = browser();
    const req = authorizeRequest(consoleRp, clients.console, { scope: AGENT_SCOPE });
    const login = await b.follow(req.url.href);
    const form = formOf(login.body, 'Se connecter');
    for (const posted of [{ agent: 'camille' }, { citizen: 'camille' }]) {
      const page = await b.follow(new URL(form.action, login.url).href, { form: posted });
      expect(page.status).toBe(400);
      expect(page.body).toContain('Choisissez un compte d’agent dans la liste.');
      expect(page.url.startsWith(CONSOLE)).toBe(false);
    }
  });
});

describe('the citizens’ audience stays as it was', () => {
  it('lists no agent and refuses an agent’s handle', async () => {
    const b = browser();
    const req = authorizeRequest(portalRp, clients.portal);
    const login = await b.follow(req.url.href);
    for (const a of t.idp.agents) expect(login.body).not.toContain(a.name);
    const form = formOf(login.body, 'Se connecter');
    for (const posted of [{ citizen: 'claire-dubois' }, { citizen: 'agent:claire-dubois' }]) {
      const page = await b.follow(new URL(form.action, login.url).href, { form: posted });
      expect(page.status).toBe(400);
      expect(page.url.startsWith(RP)).toBe(false);
    }
  });

  it('refuses the relais_roles scope to the portal, and never sends roles to it', async () => {
    const refused = await browser().follow(
      authorizeRequest(portalRp, clients.portal, { scope: 'openid identite_pivot relais_roles' })
        .url.href,
    );
    const back = new URL(refused.url);
    expect(back.origin).toBe(RP);
    expect(back.searchParams.get('error')).toBe('invalid_scope');

    // Asked through the claims parameter instead: a citizen has no such claim.
    const req = authorizeRequest(portalRp, clients.portal, {
      claims: JSON.stringify({ userinfo: { relais_roles: null, uid: null } }),
    });
    const { callback } = await signIn(browser(), req.url, 'camille');
    const tokens = await client.authorizationCodeGrant(portalRp, callback, {
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const info = await client.fetchUserInfo(portalRp, tokens.access_token, tokens.claims()!.sub);
    expect(info).not.toHaveProperty('relais_roles');
    expect(info).not.toHaveProperty('uid');
  });
});

describe('a session of one audience at the other’s client', () => {
  it('asks a citizen signed in for the portal to sign in again as an agent, and back', async () => {
    const b = browser();
    await signIn(b, authorizeRequest(portalRp, clients.portal).url, 'camille');
    // Same browser, the provider's session cookie is there: still the agents' login page.
    const atConsole = await b.follow(
      authorizeRequest(consoleRp, clients.console, { scope: AGENT_SCOPE }).url.href,
    );
    expect(atConsole.status).toBe(200);
    expect(atConsole.body).toContain('Choisissez votre compte d’agent de démonstration');
    // prompt=none cannot slip through either.
    const silent = await b.follow(
      authorizeRequest(consoleRp, clients.console, { scope: AGENT_SCOPE, prompt: 'none' }).url.href,
    );
    expect(new URL(silent.url).searchParams.get('error')).toBe('login_required');

    // Signed in as an agent, the portal asks for a citizen again.
    const form = formOf(atConsole.body, 'Se connecter');
    const agent = await b.follow(new URL(form.action, atConsole.url).href, {
      form: { agent: 'claire-dubois' },
    });
    expect(new URL(agent.url).origin).toBe(CONSOLE);
    const atPortal = await b.follow(authorizeRequest(portalRp, clients.portal).url.href);
    expect(atPortal.status).toBe(200);
    expect(atPortal.body).toContain('Choisissez votre compte de démonstration');
  });
});
