// Access tokens are verified once, then answered from memory until they expire: the expiry is
// still the gateway's clock's, to the millisecond, and a token it did not sign is never taken
// for one it did. The injected clock moves; no Kafka needed.
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { asAgencyId } from '@relais/contracts';
import { fixedClock, type AppError } from '@relais/kit';
import { tokenService } from '../src/auth/tokens.ts';

const clock = fixedClock('2026-11-02T09:30:00Z');
const caf = { id: asAgencyId('caf'), sector: 'social', urn: 'urn:relais:agency:caf' };

async function issued(secretByte = 7) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256' };
  const tokens = tokenService({
    agencies: new Map([[caf.id, caf]]),
    publicKeys: new Map([['caf', { agency: 'caf', jwk, key: await importJWK(jwk, 'ES256') }]]),
    secret: new Uint8Array(32).fill(secretByte),
    audiences: ['relais-gateway'],
    rememberJti: () => true,
    now: () => clock.now(),
    accessTokenTtlSeconds: 300,
  });
  const nowS = Math.floor(clock.now().getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer('caf')
    .setSubject('caf')
    .setAudience('relais-gateway')
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + 60)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
  const { access_token } = await tokens.exchange('caf', assertion);
  const refusal = (token: string) =>
    tokens.verify(token).then(
      () => undefined,
      (err: AppError) => ({ status: err.status, message: err.message }),
    );
  return { tokens, token: access_token, expiresAtMs: (nowS + 300) * 1000, refusal };
}

describe('access tokens verified once', () => {
  it('answers the same agency until the expiry, then refuses it as expired', async () => {
    const { tokens, token, expiresAtMs, refusal } = await issued();
    expect(await tokens.verify(token)).toEqual(caf);
    expect(await tokens.verify(token)).toEqual(caf);
    clock.advance(expiresAtMs - 1 - clock.now().getTime());
    expect(await tokens.verify(token)).toEqual(caf);
    clock.advance(1);
    expect(await refusal(token)).toEqual({
      status: 401,
      message: expect.stringMatching(/expired/),
    });
    // Still refused afterwards: an expired token is not remembered as good.
    expect(await refusal(token)).toMatchObject({ status: 401 });
  });

  it('never takes an altered or foreign token for one it verified', async () => {
    const { tokens, token, refusal } = await issued();
    expect(await tokens.verify(token)).toEqual(caf);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(await refusal(`${header}.${payload}.${flipped}`)).toMatchObject({ status: 401 });
    // The same agency's token, as another gateway with another secret issues it.
    const { token: foreign } = await issued(8);
    expect(await refusal(foreign)).toMatchObject({ status: 401 });
  });
});
