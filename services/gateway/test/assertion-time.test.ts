// A client assertion dated in the future (issue 13, hole 6): `iat` or `nbf` beyond a small clock
// skew (60 s by default, configurable) is refused with 401 naming the claim. Time comes from the
// injected clock; no Kafka needed.
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { asAgencyId } from '@relais/contracts';
import type { AppError } from '@relais/kit';
import { tokenService } from '../src/auth/tokens.ts';

const NOW = new Date('2026-11-02T09:30:00Z');
const nowS = NOW.getTime() / 1000;
const caf = { id: asAgencyId('caf'), sector: 'social', urn: 'urn:relais:agency:caf' };

async function world(clockSkewSeconds?: number) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256' };
  const jtis = new Set<string>();
  const tokens = tokenService({
    agencies: new Map([[caf.id, caf]]),
    publicKeys: new Map([['caf', { agency: 'caf', jwk, key: await importJWK(jwk, 'ES256') }]]),
    secret: new Uint8Array(32).fill(7),
    audiences: ['relais-gateway'],
    rememberJti: (jti) => (jtis.has(jti) ? false : (jtis.add(jti), true)),
    now: () => NOW,
    ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}),
  });
  let n = 0;
  const assertion = (claims: JWTPayload) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('caf')
      .setSubject('caf')
      .setAudience('relais-gateway')
      .setIssuedAt(claims.iat ?? nowS)
      .setExpirationTime(claims.exp ?? nowS + 120)
      .setJti(`jti-${(n += 1)}`)
      .sign(privateKey);
  const refusal = async (claims: JWTPayload) =>
    tokens.exchange('caf', await assertion(claims)).then(
      () => undefined,
      (err: AppError) => ({ status: err.status, message: err.message }),
    );
  return { refusal };
}

describe('client assertions dated in the future', () => {
  it('refuses an iat an hour ahead, naming iat; takes one within the 60 s skew', async () => {
    const { refusal } = await world();
    expect(await refusal({ iat: nowS + 3600, exp: nowS + 3700 })).toEqual({
      status: 401,
      message: expect.stringMatching(/^client_assertion: iat .*in the future.*60 s/),
    });
    expect(await refusal({ iat: nowS + 61, exp: nowS + 200 })).toMatchObject({ status: 401 });
    expect(await refusal({ iat: nowS + 59, exp: nowS + 200 })).toBeUndefined();
    expect(await refusal({ iat: nowS - 30 })).toBeUndefined();
  });

  it('refuses an nbf beyond the skew, naming nbf', async () => {
    const { refusal } = await world();
    expect(await refusal({ nbf: nowS + 3600, exp: nowS + 240 })).toEqual({
      status: 401,
      message: expect.stringMatching(/^client_assertion: nbf .*60 s/),
    });
    expect(await refusal({ nbf: nowS + 59 })).toBeUndefined();
  });

  it('takes its skew from the configuration', async () => {
    const { refusal } = await world(10);
    expect(await refusal({ iat: nowS + 30, exp: nowS + 200 })).toMatchObject({
      status: 401,
      message: expect.stringMatching(/iat .*10 s/),
    });
    expect(await refusal({ iat: nowS + 5 })).toBeUndefined();
  });
});
