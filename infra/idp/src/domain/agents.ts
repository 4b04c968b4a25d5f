// The demo agent accounts of the local identity provider: public agents as ProConnect (the State's
// federation of agents' identity providers, formerly AgentConnect) transmits them — given name,
// usual name, professional e-mail, the identity provider's uid, the SIRET of their establishment
// and their organisational unit — plus their Relais roles, which ProConnect does not carry: the
// provider returns them as the `relais_roles` claim to a client of the agents' audience only.
import { AccountsFileError, readEntry } from './accounts-file.ts';
import { isEidasLevel, type EidasLevel } from './eidas.ts';

export const AGENT_ROLES = ['operator', 'steward', 'france-services-agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const isAgentRole = (value: unknown): value is AgentRole =>
  typeof value === 'string' && (AGENT_ROLES as readonly string[]).includes(value);

/** The claims ProConnect's identity (its mandatory data and two complementary ones) carries. */
export interface AgentIdentity {
  /** Given names, separated by spaces. */
  given_name: string;
  /** Usual family name (nom d'usage). */
  usual_name: string;
  /** Professional e-mail address. */
  email: string;
  /** The agent's identifier at their identity provider (ASCII). */
  uid: string;
  /** The establishment's SIRET: 14 digits, no space. */
  siret: string;
  /** Ministry / directorate / service the agent belongs to. */
  organizational_unit: string;
}

/** A France Services counter (issue 15): the structure a counter agent works for. */
export interface Structure {
  id: string;
  name: string;
}

export interface Agent {
  handle: string;
  /** Shown on the login page only. */
  name: string;
  identity: AgentIdentity;
  roles: AgentRole[];
  /** For a France Services agent: their counter (its SIRET is the identity's `siret`). */
  structure?: Structure;
  /** ProConnect's service providers ask eidas1; a demo account may reach more. */
  eidasMax: EidasLevel;
}

export class AgentsFileError extends AccountsFileError {
  override name = 'AgentsFileError';
  constructor(problems: string[]) {
    super('agents file', problems);
  }
}

const NAME = /^[\p{L}' -]+$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UID = /^[\x21-\x7e]{1,64}$/;
const STRUCTURE_ID = /^[a-z][a-z0-9-]{1,47}$/;

/** A SIRET: 14 digits whose Luhn sum is a multiple of 10 (INSEE). */
export function isSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(value[13 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Reads the parsed `agents.yaml` (its `agents` list). Every problem names the agent, the field and
 * what was expected; nothing is half-loaded.
 */
export function parseAgents(doc: unknown): Agent[] {
  const problems: string[] = [];
  const list = (doc as { agents?: unknown } | null)?.agents;
  if (!Array.isArray(list)) throw new AgentsFileError(['"agents" must be a list']);
  const out: Agent[] = [];
  const seen = new Set<string>();
  const reading = { list: 'agents', nonEmpty: true, hint: 'quote numbers', seen, problems };
  list.forEach((raw: unknown, i) => {
    const { entry, handle, at, text } = readEntry(reading, raw, i);
    const name = text(entry, 'name');

    const rawRoles = entry['roles'];
    const roles = Array.isArray(rawRoles) ? rawRoles.filter(isAgentRole) : [];
    if (!Array.isArray(rawRoles) || rawRoles.length === 0 || roles.length !== rawRoles.length) {
      problems.push(`${at('roles')}: expected a list of ${AGENT_ROLES.join(', ')}`);
    }
    const eidas = entry['eidas_max'] ?? 'eidas1';
    if (!isEidasLevel(eidas))
      problems.push(`${at('eidas_max')}: expected eidas1, eidas2 or eidas3`);

    const id = entry['identity'];
    if (id === null || typeof id !== 'object') {
      problems.push(`${at('identity')}: expected given_name, usual_name, email, uid, siret, …`);
      return;
    }
    const identity = id as Record<string, unknown>;
    const p = 'identity.';
    const given = text(identity, 'given_name', p);
    const usual = text(identity, 'usual_name', p);
    const email = text(identity, 'email', p);
    const uid = text(identity, 'uid', p);
    const siret = text(identity, 'siret', p);
    const unit = text(identity, 'organizational_unit', p);
    if (given && !NAME.test(given)) problems.push(`${at(p + 'given_name')}: letters only`);
    if (usual && !NAME.test(usual)) problems.push(`${at(p + 'usual_name')}: letters only`);
    if (email && !EMAIL.test(email))
      problems.push(`${at(p + 'email')}: expected an e-mail address`);
    if (uid && !UID.test(uid)) problems.push(`${at(p + 'uid')}: ASCII, 64 characters at most`);
    if (siret && !isSiret(siret)) {
      problems.push(`${at(p + 'siret')}: expected a SIRET (14 digits, Luhn key)`);
    }

    let structure: Structure | undefined;
    const s = entry['structure'];
    if (s !== undefined) {
      const st = (s ?? {}) as Record<string, unknown>;
      const sid = text(st, 'id', 'structure.');
      const sname = text(st, 'name', 'structure.');
      if (sid && !STRUCTURE_ID.test(sid)) {
        problems.push(`${at('structure.id')}: expected lower-case letters, digits, -`);
      }
      structure = { id: sid, name: sname };
    }
    if (roles.includes('france-services-agent') && structure === undefined) {
      problems.push(`${at('structure')}: a France Services agent needs their structure (id, name)`);
    }
    out.push({
      handle,
      name,
      identity: {
        given_name: given,
        usual_name: usual,
        email,
        uid,
        siret,
        organizational_unit: unit,
      },
      roles,
      ...(structure ? { structure } : {}),
      eidasMax: isEidasLevel(eidas) ? eidas : 'eidas1',
    });
  });
  if (problems.length > 0) throw new AgentsFileError(problems);
  return out;
}
