// Consent receipts: a compact JWS (ES256) the citizen keeps as proof of what they granted, in
// the spirit of the Kantara Consent Receipt. It names the citizen by their portal pseudonym —
// never the pivot — and anyone verifies it against GET /v1/consents/jwks.
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
import type { ConsentEntry } from '@relais/contracts';
import type { Pseudonym } from '@relais/identity';

export const RECEIPT_ISSUER = 'relais-consent';
export const RECEIPT_TYPE = 'consent-receipt+jwt';
const KEY_FILE = 'consent-receipt.private.jwk.json';

export interface ReceiptClaims {
  consentId: string;
  purpose: string;
  recipient: string;
  categories: string[];
  grantedAt: string;
  expiresAt: string | null;
  /** The citizen's portal pseudonym. */
  citizen: Pseudonym;
  iss: typeof RECEIPT_ISSUER;
}

export interface ReceiptSigner {
  readonly jwks: { keys: JWK[] };
  sign(consent: ConsentEntry, citizen: Pseudonym): Promise<string>;
}

async function loadOrCreate(dir: string | undefined): Promise<JWK> {
  const file = dir ? path.join(dir, KEY_FILE) : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (dir && file) {
    // Kept on disk so receipts issued before a restart still verify.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  }
  return jwk;
}

/**
 * The receipt key: loaded from `<dir>/consent-receipt.private.jwk.json` (created there on first
 * start), or, without a dir, generated for this process only (tests, throwaway demos).
 */
export async function receiptSigner(dir?: string): Promise<ReceiptSigner> {
  const privateJwk = await loadOrCreate(dir);
  const { kty, crv, x, y } = privateJwk;
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y || !privateJwk.d) {
    throw new Error(`${KEY_FILE}: expected a private EC P-256 JWK`);
  }
  const kid = `consent-receipt-${(await calculateJwkThumbprint({ kty, crv, x, y })).slice(0, 16)}`;
  const publicJwk: JWK = { kty, crv, x, y, alg: 'ES256', use: 'sig', kid };
  const key = (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  return {
    jwks: { keys: [publicJwk] },
    async sign(consent, citizen) {
      const claims: Omit<ReceiptClaims, 'iss'> = {
        consentId: consent.id,
        purpose: consent.purpose,
        recipient: consent.recipient,
        categories: consent.categories,
        grantedAt: consent.grantedAt,
        expiresAt: consent.expiresAt,
        citizen,
      };
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: RECEIPT_TYPE, kid })
        .setIssuer(RECEIPT_ISSUER)
        .setIssuedAt(Math.floor(Date.parse(consent.grantedAt) / 1000))
        .sign(key);
    },
  };
}
