// Pairwise subjects: two service providers of different sectors see different `sub` values for
// the same citizen, one sector always sees the same one — across sign-ins and across restarts
// (the pairwise secret lives in the keys directory).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdpClient } from '../src/index.ts';
import {
  authorizeRequest,
  browser,
  clients,
  relyingParty,
  signIn,
  startTestIdp,
  type TestIdp,
} from './support/fixtures.ts';

const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-idp-pairwise-'));
const started: TestIdp[] = [];

afterAll(async () => {
  for (const t of started) await t.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

async function subOf(t: TestIdp, c: IdpClient, handle: string): Promise<string> {
  const config = await relyingParty(t.idp, c);
  const req = authorizeRequest(config, c);
  const { callback } = await signIn(browser(), req.url, handle);
  const tokens = await client.authorizationCodeGrant(config, callback, {
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  const sub = tokens.claims()!.sub;
  // userinfo answers the same sub as the id_token (openid-client checks it too).
  const info = await client.fetchUserInfo(config, tokens.access_token, sub);
  expect(info.sub).toBe(sub);
  return sub;
}

describe('pairwise sub', () => {
  it('differs between sectors, is stable within one, and survives a restart', async () => {
    const first = await startTestIdp(keysDir);
    started.push(first);
    const portal = await subOf(first, clients.portal, 'camille');
    const caf = await subOf(first, clients.caf, 'camille');
    expect(portal).toMatch(/^[0-9a-f]{64}v1$/);
    expect(caf).toMatch(/^[0-9a-f]{64}v1$/);
    expect(caf).not.toBe(portal);

    // Same client, a new sign-in in a new browser: the same sub.
    expect(await subOf(first, clients.portal, 'camille')).toBe(portal);
    // Another client of the portal's sector: the same sub too.
    expect(await subOf(first, clients.portalMobile, 'camille')).toBe(portal);
    // Another citizen: another sub.
    expect(await subOf(first, clients.portal, 'yanis')).not.toBe(portal);

    await first.stop();
    started.pop();
    const second = await startTestIdp(keysDir);
    started.push(second);
    expect(await subOf(second, clients.portal, 'camille')).toBe(portal);
    expect(await subOf(second, clients.caf, 'camille')).toBe(caf);
  });
});
