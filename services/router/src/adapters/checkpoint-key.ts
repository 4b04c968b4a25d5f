// Relais' checkpoint key (dec-036): an ES256 key pair kept in the keys folder, as the other keys
// of Relais are (the agencies' JWKs, the receipts' key): `access-log-checkpoint.private.jwk.json`
// (0600, the router signs with it) and `access-log-checkpoint.public.jwk.json` (anyone verifies
// with it; the consent service serves it at GET /v1/access-log/jwks). Created on first start when
// missing; production provisions both from its vault. A checkpoint is a compact JWS of the body's
// canonical JSON.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import {
  CHECKPOINT_TYPE,
  checkpointPayload,
  parseCheckpointBody,
  type CheckpointBody,
} from '../domain/checkpoint.ts';
import type { CheckedCheckpoint } from '../domain/verify-log.ts';

export const CHECKPOINT_PRIVATE_KEY_FILE = 'access-log-checkpoint.private.jwk.json';
export const CHECKPOINT_PUBLIC_KEY_FILE = 'access-log-checkpoint.public.jwk.json';

export interface CheckpointSigner {
  readonly kid: string;
  readonly publicJwk: JWK;
  sign(body: CheckpointBody): Promise<string>;
}

async function publicOf(privateJwk: JWK): Promise<JWK> {
  const { kty, crv, x, y } = privateJwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !privateJwk.d)
    throw new Error(`${CHECKPOINT_PRIVATE_KEY_FILE}: expected a private EC P-256 JWK`);
  const kid = `relais-checkpoint-${(await calculateJwkThumbprint({ kty, crv, x, y })).slice(0, 16)}`;
  return { kty, crv, x, y, alg: 'ES256', use: 'sig', kid };
}

/** Loads the checkpoint key from `keysDir` (creating the pair there when missing). */
export async function checkpointSigner(keysDir: string): Promise<CheckpointSigner> {
  const file = path.join(keysDir, CHECKPOINT_PRIVATE_KEY_FILE);
  let privateJwk: JWK;
  if (existsSync(file)) privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = await exportJWK(privateKey);
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600 });
  }
  const publicJwk = await publicOf(privateJwk);
  const publicFile = path.join(keysDir, CHECKPOINT_PUBLIC_KEY_FILE);
  if (!existsSync(publicFile)) writeFileSync(publicFile, `${JSON.stringify(publicJwk, null, 2)}\n`);
  const key = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  const kid = publicJwk.kid as string;
  return {
    kid,
    publicJwk,
    sign: (body) =>
      new CompactSign(new TextEncoder().encode(checkpointPayload(body)))
        .setProtectedHeader({ alg: 'ES256', typ: CHECKPOINT_TYPE, kid })
        .sign(key),
  };
}

/** The public key as a JWK set; undefined while the router has not created it. */
export function checkpointJwks(keysDir: string): { keys: JWK[] } | undefined {
  const file = path.join(keysDir, CHECKPOINT_PUBLIC_KEY_FILE);
  if (!existsSync(file)) return undefined;
  return { keys: [JSON.parse(readFileSync(file, 'utf8')) as JWK] };
}

/** The body a JWS carries, unverified (to sort and index checkpoints before checking them). */
export function checkpointBodyOf(jws: string): CheckpointBody | undefined {
  const payload = jws.split('.')[1];
  if (!payload) return undefined;
  try {
    return parseCheckpointBody(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Checks a checkpoint with the public keys alone: ES256, typ, a key of the set, and a payload
 * that is exactly the canonical JSON of a well-formed body. Undefined: not a checkpoint at all.
 */
export async function checkCheckpoint(
  jws: string,
  jwks: { keys: JWK[] },
): Promise<CheckedCheckpoint | undefined> {
  const body = checkpointBodyOf(jws);
  if (!body) return undefined;
  try {
    const header = JSON.parse(
      Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as { kid?: string; typ?: string; alg?: string };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk || header.typ !== CHECKPOINT_TYPE || header.alg !== 'ES256')
      return { body, signature: 'invalid' };
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'), {
      algorithms: ['ES256'],
    });
    const ok = new TextDecoder().decode(payload) === checkpointPayload(body);
    return { body, signature: ok ? 'valid' : 'invalid' };
  } catch {
    return { body, signature: 'invalid' };
  }
}
