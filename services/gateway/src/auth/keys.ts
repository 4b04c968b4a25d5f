// Development keys: an ES256 key pair per agency (its private key signs its client assertions,
// Relais keeps only the public JWK), the gateway's token secret, the pseudonym key, the operator
// token and the scrape token (metrics.token: reads GET /metrics/prometheus, nothing else).
// Relais keeps only the public JWK), the gateway's token secret, the pseudonym key, and the
// operator's and contract stewards' tokens.
// Production keys come from each agency (public JWK registered with Relais) and a vault.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, importJWK, type JWK } from 'jose';

export interface DevKeyFiles {
  dir: string;
  created: string[];
}

/** Creates what is missing in `dir`; never overwrites an existing key. */
export async function ensureDevKeys(dir: string, agencyIds: string[]): Promise<DevKeyFiles> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  for (const id of agencyIds) {
    const pub = path.join(dir, `${id}.public.jwk.json`);
    if (existsSync(pub)) continue;
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: `${id}-dev-1` };
    writeFileSync(path.join(dir, `${id}.private.pem`), await exportPKCS8(privateKey), {
      mode: 0o600,
    });
    writeFileSync(pub, `${JSON.stringify(jwk, null, 2)}\n`);
    created.push(id);
  }
  for (const [file, bytes] of [
    ['gateway-token.secret', 32],
    ['pseudonym.key', 32],
    // Keys the hashes of citizens' normalised identities (identity links, the portal's login).
    ['identity.key', 32],
    ['operator.token', 24],
    // Prometheus' bearer token: it opens the counters of every service, and nothing else.
    ['metrics.token', 24],
    // Contract stewards: may register schemas and set subjects' compatibility in the registry.
    ['steward.token', 24],
  ] as const) {
    const p = path.join(dir, file);
    if (!existsSync(p)) {
      writeFileSync(p, `${randomBytes(bytes).toString('base64url')}\n`, { mode: 0o600 });
      created.push(file);
    }
  }
  return { dir, created };
}

export { readSecret } from '@relais/kit';

export interface AgencyPublicKey {
  agency: string;
  jwk: JWK;
  key: Awaited<ReturnType<typeof importJWK>>;
}

/** Every `<agency>.public.jwk.json` of `dir`. */
export async function loadAgencyPublicKeys(dir: string): Promise<Map<string, AgencyPublicKey>> {
  const out = new Map<string, AgencyPublicKey>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.public.jwk.json'))) {
    const agency = file.slice(0, -'.public.jwk.json'.length);
    const jwk = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JWK;
    out.set(agency, { agency, jwk, key: await importJWK(jwk, 'ES256') });
  }
  return out;
}
