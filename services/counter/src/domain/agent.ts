// Who may enter the counter (issue 15, dec-039): an agent whose verified claims (the userinfo JWT
// of a ProConnect-shaped provider) hold the `france-services-agent` role in `relais_roles` AND a
// structure (`relais_structure`, `relais_structure_name`). Anyone else signed in — an operator, a
// steward, an agent of no structure — is refused by name. A citizen cannot sign in here at all: the
// counter's client is of the agents' audience, whose provider never lists a citizen. Pure.

export const AGENT_ROLE = 'france-services-agent';

export interface Agent {
  /** The provider's pairwise subject: what the tokens' `act.sub` and the journal name. */
  sub: string;
  /** "Nadia Benkirane": what the journal and the citizen's page show. */
  name: string;
  structure: { id: string; name: string };
}

const text = (claims: Readonly<Record<string, unknown>>, name: string): string => {
  const v = claims[name];
  return typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : '';
};

export function rolesOf(claims: Readonly<Record<string, unknown>>): string[] {
  const raw = claims['relais_roles'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
  return list.filter((r): r is string => typeof r === 'string' && r !== '');
}

export function displayNameOf(claims: Readonly<Record<string, unknown>>): string {
  const given = text(claims, 'given_name').split(' ')[0] ?? '';
  const name = [given, text(claims, 'usual_name')].filter(Boolean).join(' ');
  return name === '' ? 'agent' : name;
}

export type SignInVerdict =
  | { kind: 'agent'; agent: Agent }
  | { kind: 'refused'; displayName: string; reason: 'no-agent-role' | 'no-structure' };

/** A France Services agent of a structure enters; anyone else is refused, and says who it was. */
export function judgeSignIn(sub: string, claims: Readonly<Record<string, unknown>>): SignInVerdict {
  const displayName = displayNameOf(claims);
  if (!rolesOf(claims).includes(AGENT_ROLE))
    return { kind: 'refused', displayName, reason: 'no-agent-role' };
  const id = text(claims, 'relais_structure');
  const name = text(claims, 'relais_structure_name');
  if (!/^[a-z][a-z0-9-]{1,47}$/.test(id) || name === '')
    return { kind: 'refused', displayName, reason: 'no-structure' };
  return { kind: 'agent', agent: { sub, name: displayName, structure: { id, name } } };
}
