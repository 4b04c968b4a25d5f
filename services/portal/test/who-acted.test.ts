// "Who acted for me" (issue 15), the portal's side with the consent service faked: the citizen's
// mandates to France Services, each scope withdrawn on its own, and every agent's action said as
// "an agent of France Services <structure> acting under your mandate of <date>" — refused
// attempts too. The consent service's own checks are tested there (services/consent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterAction, MandatesApi, MandateView } from '../src/adapters/mandates-api.ts';
import { startEnv, type Env } from './support/inject.ts';

const created = '2026-10-28T10:00:00.000Z';
const mandate: MandateView = {
  mandateId: 'm-1',
  structure: { id: 'fs-lyon-8', name: 'France Services Lyon 8e' },
  agentName: 'Nadia Benkirane',
  scopes: ['CONSENTS', 'NOTICES'],
  revokedScopes: [],
  durationDays: 31,
  createdAt: created,
  expiresAt: '2026-11-28T10:00:00.000Z',
  status: 'active',
};
const actions: CounterAction[] = [
  {
    actionId: 'a-2',
    agentName: 'Julien Moreau',
    structureName: 'France Services Vénissieux',
    mandateId: null,
    mandateCreatedAt: null,
    action: 'CITIZEN_OPENED',
    target: 'm-1',
    outcome: 'REFUSED',
    reason: 'mandate.other-structure',
    actedAt: '2026-11-01T09:00:00.000Z',
  },
  {
    actionId: 'a-1',
    agentName: 'Nadia Benkirane',
    structureName: 'France Services Lyon 8e',
    mandateId: 'm-1',
    mandateCreatedAt: created,
    action: 'LETTER_PRINTED',
    target: 'n-1',
    outcome: 'DONE',
    reason: null,
    actedAt: '2026-10-30T09:00:00.000Z',
  },
];
const revoked: Array<{ id: string; scope: string | undefined }> = [];
const fake: MandatesApi = {
  mandates: async () => [mandate],
  actions: async () => actions,
  async revoke(_c, id, scope) {
    if (id !== 'm-1') return undefined;
    revoked.push({ id, scope });
    return { ...mandate, scopes: mandate.scopes.filter((s) => s !== scope) };
  },
};

let env: Env;
beforeAll(async () => {
  env = await startEnv({ mandates: fake });
});
afterAll(() => env.close());

/** Dates are written with non-breaking spaces. */
const plain = (html: string) => html.replace(/[\u00a0\u202f]/g, ' ');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('who acted for me', () => {
  it('shows the mandates and each agent action, and withdraws one scope', async () => {
    const jar = env.jar();
    await env.signIn(jar, 'camille');
    const page = await env.call(jar, 'GET', '/who-acted');
    expect(page.statusCode).toBe(200);
    expect(plain(page.body)).toContain('France Services Lyon 8e — mandat du 28 octobre 2026');
    expect(plain(page.body)).toContain(
      'Un agent de France Services Lyon 8e agissant sous votre mandat du 28 octobre 2026',
    );
    expect(plain(page.body)).toContain('a imprimé le courrier d’un avis');
    expect(plain(page.body)).toContain(
      'Un agent de France Services Vénissieux, sans mandat valable',
    );
    const done = await env.call(jar, 'POST', '/who-acted/m-1/revoke', {
      _csrf: csrfOf(page.body),
      scope: 'NOTICES',
    });
    expect(done.statusCode).toBe(303);
    expect(revoked).toEqual([{ id: 'm-1', scope: 'NOTICES' }]);
    const after = await env.call(jar, 'GET', '/who-acted');
    expect(plain(after.body)).toContain('C’est fait');
  });

  it('refuses a forged form, another mandate and an unknown scope', async () => {
    const jar = env.jar();
    await env.signIn(jar, 'camille');
    const page = await env.call(jar, 'GET', '/who-acted');
    const csrf = csrfOf(page.body);
    expect((await env.call(jar, 'POST', '/who-acted/m-1/revoke', { _csrf: 'x' })).statusCode).toBe(
      403,
    );
    expect((await env.call(jar, 'POST', '/who-acted/m-2/revoke', { _csrf: csrf })).statusCode).toBe(
      404,
    );
    expect(
      (await env.call(jar, 'POST', '/who-acted/m-1/revoke', { _csrf: csrf, scope: 'ALL' }))
        .statusCode,
    ).toBe(404);
    expect(revoked).toHaveLength(1);
  });
});
