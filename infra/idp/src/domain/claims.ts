// Scopes and claims as FranceConnect v2 names them: one scope per claim, plus the groups
// `identite_pivot`, `profile` and `birth` (FranceConnect partner documentation, "scopes et claims");
// and as ProConnect names them for agents (one scope per claim), plus Relais' `relais_roles`.
import type { Agent } from './agents.ts';
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

/**
 * ProConnect's scopes (partner documentation, "scope et claims": one scope per claim) and
 * `relais_roles`, which only a client of the agents' audience may ask for.
 */
export const AGENT_SCOPE_CLAIMS: Record<string, readonly string[]> = {
  openid: ['sub'],
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  email: ['email'],
  uid: ['uid'],
  siret: ['siret'],
  organizational_unit: ['organizational_unit'],
  // With the roles, a France Services agent's structure (issue 15): id and name.
  relais_roles: ['relais_roles', 'relais_structure', 'relais_structure_name'],
};

export const AGENT_SCOPES = Object.keys(AGENT_SCOPE_CLAIMS);

/** What the provider's configuration declares: both tables (a scope means the same in both). */
export const ALL_SCOPE_CLAIMS: Record<string, readonly string[]> = {
  ...SCOPE_CLAIMS,
  ...AGENT_SCOPE_CLAIMS,
};

/** Every claim of an agent, as ProConnect sends them, their Relais roles and structure. */
export function agentClaims(agent: Agent): Record<string, string | string[]> {
  return {
    ...agent.identity,
    relais_roles: [...agent.roles],
    ...(agent.structure
      ? { relais_structure: agent.structure.id, relais_structure_name: agent.structure.name }
      : {}),
  };
}

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
