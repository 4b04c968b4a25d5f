// The citizen token verifier without Kafka: the portal's ES256 tokens (audience, issuer, acr,
// expiry, key from the keys folder even when written after start), and development tokens only
// when asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPivot } from '@relais/identity';
import { fixedClock } from '@relais/kit';
import {
  citizenTokens,
  PORTAL_TOKEN_PUBLIC_KEY_FILE,
  type CitizenTokensOptions,
} from '../src/auth/citizen-tokens.ts';

const clock = fixedClock('2026-11-02T09:30:00Z');
const now = Math.floor(clock.now().getTime() / 1000);
const directory = {
  resolve: (_s: string, sub: string) => (sub === 'p-alice' ? asPivot('pivot-a') : undefined),
};
const keysDir = mkdtempSync(path.join(tmpdir(), 'relais-portal-keys-'));
let privateKey: CryptoKey;
afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), alg: 'ES256', use: 'sig', kid: 'portal-1' };
  // Written after the verifier below is built: the verifier reads the folder again on a miss.
  setTimeout(
    () => writeFileSync(path.join(keysDir, PORTAL_TOKEN_PUBLIC_KEY_FILE), JSON.stringify(jwk)),
    0,
  );
});

const portalToken = (
  claims: Record<string, unknown> = {},
  aud = 'relais-consent',
  typ = 'at+jwt',
) =>
  new SignJWT({ acr: 'eidas1', ...claims })
    .setProtectedHeader({ alg: 'ES256', typ, kid: 'portal-1' })
    .setIssuer('relais-portal')
    .setAudience(aud)
    .setSubject('p-alice')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(privateKey);

const make = (extra: Partial<CitizenTokensOptions> = {}) =>
  citizenTokens({
    audience: 'relais-consent',
    portal: { keysDir },
    directory,
    now: () => clock.now(),
    ...extra,
  });

describe('citizen tokens', () => {
  it("accept the portal's tokens, with the level of the sign-in", async () => {
    const tokens = make();
    await new Promise((r) => setTimeout(r, 10));
    await expect(tokens.verify(await portalToken())).resolves.toEqual({
      pivot: 'pivot-a',
      pseudonym: 'p-alice',
      acr: 'eidas1',
    });
    await expect(tokens.verify(await portalToken({ acr: 'eidas2' }))).resolves.toMatchObject({
      acr: 'eidas2',
    });
  });

  it("refuse another service's audience, a bad acr, another typ, another issuer's key, expiry", async () => {
    const tokens = make();
    await expect(tokens.verify(await portalToken({}, 'relais-notifier'))).rejects.toThrow(
      /claim aud/,
    );
    await expect(tokens.verify(await portalToken({ acr: 'eidas9' }))).rejects.toThrow(/claim acr/);
    await expect(tokens.verify(await portalToken({}, 'relais-consent', 'JWT'))).rejects.toThrow(
      /claim typ/,
    );
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT({ acr: 'eidas2' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'portal-1' })
      .setIssuer('relais-portal')
      .setAudience('relais-consent')
      .setSubject('p-alice')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(other.privateKey);
    await expect(tokens.verify(forged)).rejects.toThrow(/signature does not verify/);
    const late = make({ now: () => new Date(clock.now().getTime() + 301_000) });
    await expect(late.verify(await portalToken())).rejects.toThrow(/expired/);
    await expect(tokens.verify('not-a-token')).rejects.toThrow(/malformed/);
  });

  it('refuse development tokens unless asked, and mint none', async () => {
    const dev = make({ devSecret: 'dev-secret-dev-secret-dev-secret-dev-secret' });
    const token = (await dev.issue('p-alice')).access_token;
    await expect(dev.verify(token)).resolves.toMatchObject({ pseudonym: 'p-alice' });
    const strict = make();
    await expect(strict.verify(token)).rejects.toThrow(
      /algorithm not allowed \(ES256 portal tokens\)/,
    );
    await expect(strict.issue('p-alice')).rejects.toThrow(/off/);
  });

  it('answer unknown citizen for a pseudonym nobody enrolled', async () => {
    const tokens = make();
    const stranger = await new SignJWT({ acr: 'eidas1' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'portal-1' })
      .setIssuer('relais-portal')
      .setAudience('relais-consent')
      .setSubject('p-nobody')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    await expect(tokens.verify(stranger)).rejects.toThrow(/unknown citizen/);
  });
});
