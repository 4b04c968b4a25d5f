// Webhook signatures, Stripe-style: `relais-signature: t=<unix seconds>,v1=<hex>` where the hex is
// HMAC-SHA256(secret, `${t}.${rawBody}`). This file is also the snippet agencies copy to verify
// what they receive: it depends on node:crypto only.
//
//   import { verifySignature } from './signature.ts';
//   const ok = verifySignature(req.headers['relais-signature'], SECRET, rawBody,
//     Math.floor(Date.now() / 1000));
//   if (!ok) return res.writeHead(401).end();
//
// Verify against the raw body bytes as received, before any JSON parsing. The timestamp is part of
// what is signed, so refusing timestamps outside the tolerance makes a captured request useless
// for a replay later on.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'relais-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `${timestampSeconds}.${rawBody}` under `secret`. */
export function signPayload(
  secret: string,
  timestampSeconds: number,
  rawBody: string | Uint8Array,
): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The `relais-signature` header value: `t=<seconds>,v1=<hex>`. */
export function signatureHeader(
  secret: string,
  timestampSeconds: number,
  rawBody: string | Uint8Array,
): string {
  return `t=${timestampSeconds},v1=${signPayload(secret, timestampSeconds, rawBody)}`;
}

export interface ParsedSignature {
  timestamp: number;
  /** Every `v1=` value: more than one while a secret is being rotated. */
  signatures: string[];
}

export function parseSignatureHeader(header: string): ParsedSignature | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

/**
 * True when `header` carries a signature of `rawBody` under `secret` whose timestamp is within
 * `toleranceSeconds` of `nowSeconds`. Comparison is constant-time.
 */
export function verifySignature(
  header: string | string[] | undefined,
  secret: string,
  rawBody: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (typeof header !== 'string') return false;
  const parsed = parseSignatureHeader(header);
  if (!parsed) return false;
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, parsed.timestamp, rawBody), 'hex');
  let ok = false;
  for (const candidate of parsed.signatures) {
    // Both are 32 bytes (the header parser only keeps 64 hex digits).
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) ok = true;
  }
  return ok;
}
