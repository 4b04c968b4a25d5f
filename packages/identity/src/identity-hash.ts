// Linking a FranceConnect identity to a Relais pivot without a NIR. At enrolment Relais keeps a
// keyed hash of the citizen's NORMALISED pivot identity (identité pivot: given names, family name,
// birth date, gender, birthplace, birth country); at login the claims FranceConnect sends are
// normalised and hashed the same way, and the hash is looked up. Neither the identity nor a NIR is
// stored: without Relais' identity key nobody can test a guessed identity against the hashes.
// Pure: the key is handed in.
import { createHmac } from 'node:crypto';
import { readSecret } from '@relais/kit';
import { hmacKey } from './pseudonym.ts';

/** The six claims of FranceConnect's `identite_pivot` scope (v2: no preferred_username). */
export interface PivotIdentity {
  /** All given names, separated by spaces (FranceConnect's form). */
  given_name: string;
  /** Birth name. */
  family_name: string;
  /** YYYY-MM-DD; FranceConnect sends the month or day as 00 when unknown. */
  birthdate: string;
  gender: string;
  /** INSEE code of the commune of birth; '' when born abroad. */
  birthplace: string;
  /** INSEE code of the country of birth (99100: France). */
  birthcountry: string;
}

export const PIVOT_CLAIMS = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
] as const satisfies ReadonlyArray<keyof PivotIdentity>;

export type IdentityHash = string & { readonly __brand: 'IdentityHash' };

/** What is wrong with claims that cannot be an identité pivot: the claim and the expectation. */
export interface IdentityProblem {
  claim: keyof PivotIdentity;
  expected: string;
}

/**
 * A name as compared: accents and ligatures removed (NFKD, combining marks dropped; œ → OE,
 * æ → AE, ß → SS), upper case, hyphens, apostrophes and every run of spaces as one space, no
 * space at either end. "Jean-Baptiste", "jean baptiste " and "JEAN  BAPTISTE" are one name;
 * "Inês" and "INES" too.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[œŒ]/g, 'OE')
    .replace(/[æÆ]/g, 'AE')
    .replace(/ß/g, 'SS')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—'’‘`´.]+/g, ' ')
    .trim();
}

const BIRTHDATE = /^\d{4}-\d{2}-\d{2}$/;
const INSEE_COMMUNE = /^(\d{5}|2[AB]\d{3})$/;
const INSEE_COUNTRY = /^99\d{3}$/;

/** The identity as hashed, or the problems that make it no identité pivot. */
export function normaliseIdentity(
  claims: Partial<Record<keyof PivotIdentity, unknown>>,
): { identity: PivotIdentity } | { problems: IdentityProblem[] } {
  const text = (k: keyof PivotIdentity): string =>
    typeof claims[k] === 'string' ? (claims[k] as string) : '';
  const identity: PivotIdentity = {
    given_name: normaliseName(text('given_name')),
    family_name: normaliseName(text('family_name')),
    birthdate: text('birthdate').trim(),
    gender: text('gender').trim().toLowerCase(),
    birthplace: text('birthplace').trim().toUpperCase(),
    birthcountry: text('birthcountry').trim(),
  };
  const problems: IdentityProblem[] = [];
  if (!identity.given_name) problems.push({ claim: 'given_name', expected: 'a given name' });
  if (!identity.family_name) problems.push({ claim: 'family_name', expected: 'a birth name' });
  if (!BIRTHDATE.test(identity.birthdate))
    problems.push({ claim: 'birthdate', expected: 'a date YYYY-MM-DD' });
  if (identity.gender !== 'female' && identity.gender !== 'male')
    problems.push({ claim: 'gender', expected: 'female or male' });
  if (!INSEE_COUNTRY.test(identity.birthcountry))
    problems.push({ claim: 'birthcountry', expected: 'an INSEE country code 99XXX' });
  // Born in France: the commune's INSEE code; born abroad: none.
  if (identity.birthcountry === '99100' ? !INSEE_COMMUNE.test(identity.birthplace) : false)
    problems.push({ claim: 'birthplace', expected: 'an INSEE commune code when born in France' });
  if (identity.birthcountry !== '99100' && identity.birthcountry && identity.birthplace)
    problems.push({ claim: 'birthplace', expected: 'empty when born abroad' });
  return problems.length ? { problems } : { identity };
}

/**
 * HMAC-SHA256 under Relais' identity key of the normalised identity, its fields in a fixed order
 * separated by a byte no field can hold. The key is not the pseudonym key: one leaking does not
 * open the other.
 */
export function identityHash(key: Buffer, identity: PivotIdentity): IdentityHash {
  if (key.length < 32) throw new Error('the identity key must be at least 32 bytes');
  const fields = PIVOT_CLAIMS.map((c) => identity[c]);
  return createHmac('sha256', hmacKey(key))
    .update(`relais-identity-v1\u0000${fields.join('\u0000')}`)
    .digest('base64url') as IdentityHash;
}

/** Normalises then hashes; undefined when the claims are no identité pivot. */
export function hashClaims(
  key: Buffer,
  claims: Partial<Record<keyof PivotIdentity, unknown>>,
): IdentityHash | undefined {
  const result = normaliseIdentity(claims);
  return 'identity' in result ? identityHash(key, result.identity) : undefined;
}

/** The identity key kept as `identity.key` in a keys folder (base64, ≥ 32 bytes). */
export function identityKeyIn(keysDir: string): Buffer {
  const key = Buffer.from(readSecret(keysDir, 'identity.key'), 'base64');
  if (key.length < 32) throw new Error('identity.key must hold at least 32 bytes (base64)');
  return key;
}
