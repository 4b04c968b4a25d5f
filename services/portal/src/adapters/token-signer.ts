// The citizen access tokens the portal signs for the consent service and the notifier: ES256,
// `typ: at+jwt` (RFC 9068), `iss: relais-portal`, `aud` one service, `sub` the citizen's portal
// pseudonym, `acr` the level of the sign-in, two minutes. The key pair lives in the keys folder
// (created on first start), the public half beside it for the services that read the folder, and
// at GET /.well-known/jwks.json for those that read a URL.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import {
  PORTAL_TOKEN_ISSUER,
  PORTAL_TOKEN_PRIVATE_KEY_FILE,
  PORTAL_TOKEN_PUBLIC_KEY_FILE,
  type CitizenAudience,
} from '@relais/consent/auth';
import type { Pseudonym } from '@relais/identity';
import type { Clock } from '@relais/kit';
import type { EidasLevel } from '../domain/levels.ts';

export const TOKEN_TTL_SECONDS = 120;

export interface TokenSigner {
  readonly jwks: { keys: JWK[] };
  sign(p: { pseudonym: Pseudonym; acr: EidasLevel; audience: CitizenAudience }): Promise<string>;
}

async function loadOrCreate(dir: string): Promise<JWK> {
  const file = path.join(dir, PORTAL_TOKEN_PRIVATE_KEY_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  return jwk;
}

export async function tokenSigner(keysDir: string, clock: Clock): Promise<TokenSigner> {
  const privateJwk = await loadOrCreate(keysDir);
  const { kty, crv, x, y } = privateJwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !privateJwk.d)
    throw new Error(`${PORTAL_TOKEN_PRIVATE_KEY_FILE}: expected a private EC P-256 JWK`);
  const kid = `portal-${(await calculateJwkThumbprint({ kty, crv, x, y })).slice(0, 16)}`;
  const publicJwk: JWK = { kty, crv, x, y, alg: 'ES256', use: 'sig', kid };
  // The public half, for the services that read the keys folder (written each start: same key).
  writeFileSync(path.join(keysDir, PORTAL_TOKEN_PUBLIC_KEY_FILE), `${JSON.stringify(publicJwk)}\n`);
  const key = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return {
    jwks: { keys: [publicJwk] },
    async sign({ pseudonym, acr, audience }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ acr })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
        .setIssuer(PORTAL_TOKEN_ISSUER)
        .setAudience(audience)
        .setSubject(pseudonym)
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_TTL_SECONDS)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}
