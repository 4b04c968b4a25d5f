// Pairwise subject identifiers: one `sub` per citizen and sector (OpenID Connect Core §8.1).
// FranceConnect gives each service provider its own `sub` (64 hex characters and "v1"); Relais'
// sector pseudonyms are the same idea (BRIEF, "Citizen identifiers").
import { createHmac } from 'node:crypto';

/** HMAC-SHA-256 of the sector and the account, keyed by the provider's pairwise secret. */
export function pairwiseSub(secret: Buffer, sector: string, accountId: string): string {
  const mac = createHmac('sha256', secret).update(sector).update('\0').update(accountId);
  return `${mac.digest('hex')}v1`;
}
