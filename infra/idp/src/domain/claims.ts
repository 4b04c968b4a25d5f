// Scopes and claims as FranceConnect v2 names them: one scope per claim, plus the groups
// `identite_pivot`, `profile` and `birth` (FranceConnect partner documentation, "scopes et claims").
import type { Citizen } from './citizens.ts';

export const IDENTITY_CLAIMS = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'preferred_username',
  'email',
] as const;
export type IdentityClaim = (typeof IDENTITY_CLAIMS)[number];

const pivot: IdentityClaim[] = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
];

/** Scope → the claims it opens; `openid` gives `sub` only. */
export const SCOPE_CLAIMS: Record<string, readonly string[]> = {
  openid: ['sub'],
  given_name: ['given_name'],
  family_name: ['family_name'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  preferred_username: ['preferred_username'],
  email: ['email'],
  identite_pivot: pivot,
  profile: ['family_name', 'given_name', 'preferred_username', 'gender', 'birthdate'],
  birth: ['birthplace', 'birthcountry'],
};

export const SCOPES = Object.keys(SCOPE_CLAIMS);

/** The identity claims the requested scopes open, in a stable order for the consent page. */
export function claimsForScopes(scopes: Iterable<string>): IdentityClaim[] {
  const wanted = new Set<string>();
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s] ?? []) wanted.add(c);
  return IDENTITY_CLAIMS.filter((c) => wanted.has(c));
}

/** Every identity claim of a citizen, as FranceConnect sends them. */
export function identityClaims(citizen: Citizen): Record<IdentityClaim, string> {
  return { ...citizen.identity };
}
