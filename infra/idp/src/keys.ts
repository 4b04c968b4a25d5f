// The provider's signing keys and pairwise secret, created in the keys directory on first start
// and read back afterwards, so tokens stay verifiable and `sub` values stable across restarts.
// FranceConnect v2 signs with ES256 (recommended) or RS256, asymmetric only.
import { createHash, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type SigningAlg = 'ES256' | 'RS256';
export const SIGNING_ALGS: readonly SigningAlg[] = ['ES256', 'RS256'];

export interface PrivateJwk extends JsonWebKey {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
}

export interface IdpSecrets {
  /** Private JWKs, ES256 first (the default of every client). */
  jwks: PrivateJwk[];
  /** Keys the pairwise `sub` derivation. */
  pairwiseSecret: Buffer;
}

const JWKS_FILE = 'signing-keys.json';
const PAIRWISE_FILE = 'pairwise-secret';

function thumbprint(jwk: JsonWebKey): string {
  // RFC 7638: the required members, in lexicographic order, without whitespace.
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function generate(alg: SigningAlg): PrivateJwk {
  const { privateKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

function writePrivate(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, file);
}

function readJwks(file: string): PrivateJwk[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: PrivateJwk[] };
  const keys = parsed.keys ?? [];
  for (const alg of SIGNING_ALGS) {
    if (!keys.some((k) => k.alg === alg && typeof k.d === 'string')) {
      throw new Error(`${file}: no private ${alg} key; delete the file to create new keys`);
    }
  }
  return keys;
}

/** Reads the keys directory, creating what is missing (mode 0600 files in a 0700 folder). */
export function loadOrCreateSecrets(dir: string): IdpSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const jwksFile = path.join(dir, JWKS_FILE);
  if (!existsSync(jwksFile)) {
    writePrivate(jwksFile, `${JSON.stringify({ keys: SIGNING_ALGS.map(generate) }, null, 2)}\n`);
  }
  const pairwiseFile = path.join(dir, PAIRWISE_FILE);
  if (!existsSync(pairwiseFile)) writePrivate(pairwiseFile, randomBytes(32).toString('base64url'));
  const pairwiseSecret = Buffer.from(readFileSync(pairwiseFile, 'utf8').trim(), 'base64url');
  if (pairwiseSecret.length < 32) {
    throw new Error(`${pairwiseFile}: expected 32 random bytes (base64url)`);
  }
  return { jwks: readJwks(jwksFile), pairwiseSecret };
}
