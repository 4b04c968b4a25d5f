// The counter's access tokens for the consent service and the notifier (dec-039): ES256,
// `typ: at+jwt`, `iss: relais-counter`, `aud` one service, two minutes; `act` (RFC 8693) names
// the agent and their structure; `sub` the citizen's portal pseudonym and `relais_mandate` the
// mandate, when the call is about a citizen. The services grant nothing on the token's word: they
// check the mandate themselves. The key pair lives in the keys folder (created on first start),
// the public half beside it for the services that read the folder.
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
import type { CitizenAudience } from '@relais/consent/auth';
import {
  COUNTER_TOKEN_ISSUER,
  COUNTER_TOKEN_PRIVATE_KEY_FILE,
  COUNTER_TOKEN_PUBLIC_KEY_FILE,
  MANDATE_CLAIM,
} from '@relais/consent/counter';
import type { Clock } from '@relais/kit';
import type { Agent } from '../domain/agent.ts';

export const TOKEN_TTL_SECONDS = 120;

export interface CounterCallFor {
  agent: Agent;
  audience: CitizenAudience;
  /** The citizen's portal pseudonym, when the call is about one. */
  citizen?: string | undefined;
  mandateId?: string | undefined;
}

export interface TokenSigner {
  readonly jwks: { keys: JWK[] };
  sign(call: CounterCallFor): Promise<string>;
}

async function loadOrCreate(dir: string): Promise<JWK> {
  const file = path.join(dir, COUNTER_TOKEN_PRIVATE_KEY_FILE);
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
    throw new Error(`${COUNTER_TOKEN_PRIVATE_KEY_FILE}: expected a private EC P-256 JWK`);
  const kid = `counter-${(await calculateJwkThumbprint({ kty, crv, x, y })).slice(0, 16)}`;
  const publicJwk: JWK = { kty, crv, x, y, alg: 'ES256', use: 'sig', kid };
  writeFileSync(
    path.join(keysDir, COUNTER_TOKEN_PUBLIC_KEY_FILE),
    `${JSON.stringify(publicJwk)}\n`,
  );
  const key = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return {
    jwks: { keys: [publicJwk] },
    async sign({ agent, audience, citizen, mandateId }) {
      const now = Math.floor(clock.now().getTime() / 1000);
      let jwt = new SignJWT({
        act: { sub: agent.sub, name: agent.name, structure: agent.structure },
        ...(mandateId ? { [MANDATE_CLAIM]: mandateId } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid })
        .setIssuer(COUNTER_TOKEN_ISSUER)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_TTL_SECONDS)
        .setJti(randomUUID());
      if (citizen) jwt = jwt.setSubject(citizen);
      return jwt.sign(key);
    },
  };
}
