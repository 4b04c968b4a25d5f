// Counter agents' access tokens (issue 15, dec-039). The counter service (services/counter) signs
// in France Services agents (ProConnect-shaped, role france-services-agent) and calls the consent
// service and the notifier with a short ES256 token per call: `iss: relais-counter`, `aud` one
// service, `typ: at+jwt`, two minutes; `act` (RFC 8693's actor claim) names the agent — the
// provider's pairwise `sub`, a display name — and their structure; `sub`, when the call is about
// a citizen, is that citizen's portal pseudonym, and `relais_mandate` the mandate the agent acts
// under. The token proves who asks; it grants nothing: the services look the mandate up in their
// own copy of relais.mandates and check its structure, validity and scope themselves (deny by
// default), so a counter that signs a token for a citizen it holds no mandate for gets nothing.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { asPseudonym, type Pivot, type PseudonymDirectory, type Pseudonym } from '@relais/identity';
import type { JournalAgent } from '../adapters/counter-journal.ts';
import { errors } from '../errors.ts';
import {
  PORTAL_SECTOR,
  portalKeys,
  reason,
  type CitizenAudience,
  type PortalKeySource,
} from './citizen-tokens.ts';

export const COUNTER_TOKEN_ISSUER = 'relais-counter';
export const COUNTER_TOKEN_PRIVATE_KEY_FILE = 'counter-token.private.jwk.json';
export const COUNTER_TOKEN_PUBLIC_KEY_FILE = 'counter-token.public.jwk.json';
/** The mandate an agent acts under (a private claim; RFC 8693's `act` names the actor). */
export const MANDATE_CLAIM = 'relais_mandate';

/** Who calls from the counter, verified: the agent, and the citizen and mandate they name. */
export interface CounterCall {
  agent: JournalAgent;
  /** The citizen the call is about; undefined for a structure's own calls (its mandates). */
  citizen?: { pivot: Pivot; pseudonym: Pseudonym } | undefined;
  /** The token named a citizen Relais does not know (a guess): refused, journaled by structure. */
  unknownCitizen?: true;
  mandateId?: string | undefined;
}

const text = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** The agent in an `act` claim, or a reason it is not one. */
function agentOf(act: unknown): JournalAgent | string {
  const a = (act ?? {}) as Record<string, unknown>;
  const s = (a['structure'] ?? {}) as Record<string, unknown>;
  if (!text(a['sub'])) return 'claim act.sub: expected the agent';
  if (!text(a['name'])) return 'claim act.name: expected the agent display name';
  if (!text(s['id'], 64) || !text(s['name']))
    return 'claim act.structure: expected {id, name} of the agent structure';
  return { sub: a['sub'], name: a['name'], structure: { id: s['id'], name: s['name'] } };
}

export function counterTokens(opts: {
  audience: CitizenAudience;
  /** The counter's public key (a keys folder with counter-token.public.jwk.json, a JWKS…). */
  keys: PortalKeySource;
  directory: Pick<PseudonymDirectory, 'resolve'>;
  now: () => Date;
}) {
  const keys = portalKeys(opts.keys, COUNTER_TOKEN_PUBLIC_KEY_FILE);
  return {
    async verify(token: string): Promise<CounterCall> {
      let payload: Record<string, unknown>;
      try {
        if (decodeProtectedHeader(token).alg !== 'ES256')
          throw errors.invalidToken('algorithm not allowed (ES256 counter tokens)');
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['ES256'],
          issuer: COUNTER_TOKEN_ISSUER,
          audience: opts.audience,
          currentDate: opts.now(),
          typ: 'at+jwt',
          requiredClaims: ['exp', 'iat', 'act'],
        }));
      } catch (err) {
        if (err instanceof Error && err.name === 'AppError') throw err;
        throw errors.invalidToken(reason(err));
      }
      const agent = agentOf(payload['act']);
      if (typeof agent === 'string') throw errors.invalidToken(agent);
      const mandate = payload[MANDATE_CLAIM];
      if (mandate !== undefined && !text(mandate, 100))
        throw errors.invalidToken(`claim ${MANDATE_CLAIM}: expected a mandate id`);
      const call: CounterCall = { agent, mandateId: mandate };
      const sub = payload['sub'];
      if (sub === undefined) return call;
      if (!text(sub)) throw errors.invalidToken('claim sub: expected a portal pseudonym');
      const pivot = opts.directory.resolve(PORTAL_SECTOR, sub);
      if (!pivot) return { ...call, unknownCitizen: true };
      return { ...call, citizen: { pivot, pseudonym: asPseudonym(sub) } };
    },
  };
}

export type CounterTokens = ReturnType<typeof counterTokens>;

/** The agent's token, from a request's Authorization header (none: 401). */
export function bearerOf(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? '');
  if (!match?.[1]) throw errors.missingToken();
  return match[1];
}
