// The provider's store: expiry judged by the clock it is handed, a bounded size, tokens revoked
// with their grant while interactions stay. And the provider's sign-in expiring on that clock.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/store.ts';
import { formOf } from './support/browser.ts';
import { authorizeRequest, browser, clients, relyingParty } from './support/fixtures.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIdp } from '../src/index.ts';

describe('memoryStore', () => {
  it('forgets what expired on its clock, and the oldest entries past its capacity', async () => {
    let t = 1_000_000;
    const store = memoryStore(() => t, 3);
    const sessions = store.adapter('Session');
    await sessions.upsert('a', { uid: 'ua' }, 60);
    await sessions.upsert('b', { uid: 'ub' }, 600);
    t += 61_000;
    expect(await sessions.find('a')).toBeUndefined();
    expect(await sessions.findByUid('ub')).toMatchObject({ uid: 'ub' });
    await sessions.upsert('c', {}, 600);
    await sessions.upsert('d', {}, 600);
    await sessions.upsert('e', {}, 600);
    expect(store.size()).toBeLessThanOrEqual(3);
    expect(await sessions.find('b')).toBeUndefined();
    expect(await sessions.find('e')).toBeDefined();
  });

  it('revokes the tokens of a grant, not the interaction that names it', async () => {
    const store = memoryStore(() => 0);
    await store.adapter('AccessToken').upsert('at', { grantId: 'g' }, 60);
    await store.adapter('AuthorizationCode').upsert('code', { grantId: 'g' }, 60);
    await store.adapter('Interaction').upsert('i', { grantId: 'g' }, 60);
    await store.adapter('AccessToken').revokeByGrantId('g');
    expect(await store.adapter('AccessToken').find('at')).toBeUndefined();
    expect(await store.adapter('AuthorizationCode').find('code')).toBeUndefined();
    expect(await store.adapter('Interaction').find('i')).toBeDefined();
  });

  it('marks a consumed code', async () => {
    const store = memoryStore(() => 5_000);
    const codes = store.adapter('AuthorizationCode');
    await codes.upsert('c', {}, 60);
    await codes.consume('c');
    expect(await codes.find('c')).toMatchObject({ consumed: 5 });
  });
});

describe('the provider on a clock it is handed', () => {
  it('expires a sign-in left open longer than ten minutes', async () => {
    let t = Date.UTC(2030, 0, 1);
    const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-idp-clock-'));
    const idp = await startIdp({
      clients: [clients.portal],
      keysDir,
      now: () => t,
      onError: (e) => {
        throw e;
      },
    });
    try {
      const config = await relyingParty(idp, clients.portal);
      const b = browser();
      const login = await b.follow(authorizeRequest(config, clients.portal).url.href);
      const action = new URL(formOf(login.body, 'Se connecter').action, login.url).href;
      t += 11 * 60 * 1000;
      const late = await b.request(action, { form: { citizen: 'camille' } });
      expect(late.status).toBe(400);
      expect(late.body).toContain('Cette demande de connexion a expiré ou n’existe pas.');
    } finally {
      await idp.close();
      rmSync(keysDir, { recursive: true, force: true });
    }
  });
});
