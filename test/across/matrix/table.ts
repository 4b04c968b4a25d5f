// The authorisation matrix's vocabulary: what a column is (a route and what each principal gets
// there), what the columns point at (the fixtures), and the shorthands the columns are written in.
import type { Face, Principal } from './principals.ts';

/** What the routes are pointed at: the resources of agency A and citizen 1. */
export interface Fixtures {
  /** Citizen 1's pseudonyms by sector. */
  c1: Record<string, string>;
  /** An agency a citizen may consent to (neither A nor B), as this run names it. */
  recipient: string;
  /** Citizen 1's consent to the CAF (kept) and to the DGFiP (the revocation column revokes it). */
  consentKept: string;
  consentToRevoke: string;
  /** A line of citizen 1's access log. */
  accessId: string;
  /** Citizen 1's notice (with a letter). */
  noticeId: string;
  /** A webhook delivery of agency A, and the event it carries (delivered to A only). */
  deliveryA: string;
  eventA: string;
  /** A registry subject this run owns, and a schema to register under it. */
  subject: string;
  schema: string;
  /** Contracts: one agency A publishes, as a payload. */
  household: Record<string, unknown>;
  /** Re-creates what a destructive column consumes before each principal's attempt. */
  resetSubject(): Promise<void>;
  resetSoftDeleted(): Promise<void>;
  resetSubjectConfig(): Promise<void>;
  resetGlobalConfig(): Promise<void>;
  resetSubjectMode(): Promise<void>;
  resetConsentToRevoke(): Promise<void>;
  /** Lyon 8e's mandates for citizen 1 (matrix/counter.ts): active (M1), expired (M2). */
  mandateActive: string;
  mandateExpired: string;
  /** Lyon 8e's mandate for citizen 1 the revocation column ends (M3), made again before each. */
  mandateToRevoke: string;
  resetMandateToRevoke(): Promise<void>;
}

export type Service =
  | 'registry'
  | 'gateway'
  | 'consent'
  | 'router'
  | 'eligibility'
  | 'notifier'
  | 'portal'
  | 'console'
  | 'counter';

export interface Route {
  service: Service;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route as registered (its pattern). */
  path: string;
  face: Face;
  /** The URL asked, when the pattern has parameters or a query. */
  url?: (f: Fixtures) => string;
  /** A JSON body. */
  json?: (f: Fixtures) => unknown;
  /** A form body (the portal's and the console's pages). */
  form?: Record<string, string>;
  expect: Partial<Record<Principal, number>>;
  /** What the principals not named get. */
  rest?: number;
  /** Text only the principals allowed (2xx) may find in the answer: the owner's resource. */
  secret?: (f: Fixtures) => string;
  /** Who may find the secret, when not the owner alone (a structure's agents, its mandate). */
  seenBy?: readonly Principal[];
  /** Run before each principal's attempt (what the column consumes). */
  prepare?: (f: Fixtures) => Promise<void>;
}

export const agencyA = (status: number, b = 403) => ({ agencyA: status, agencyB: b });
export const own = (status: number) => ({ agencyA: status, agencyB: status });
export const citizens = (status: number) => ({ citizen1: status, citizen2: status });
export const citizen1 = (status: number, other = 404) => ({ citizen1: status, citizen2: other });
export const operator = (status = 200) => ({ operator: status });
export const writers = (operatorStatus: number, stewardStatus: number) => ({
  operator: operatorStatus,
  steward: stewardStatus,
});
/**
 * The console's pages: an operator signed in sees them; a visitor without credentials is sent to
 * sign in (303), one presenting another credential is refused (401), and an agent the console
 * refused at sign-in (no operator role: a steward, a France Services agent) gets 403.
 */
export const consolePage = {
  operator: 200,
  steward: 403,
  franceServices: 403,
  anonymous: 303,
  forged: 303,
  expired: 303,
};
/** Its forms: without the form's CSRF token, refused to everyone, signed in or not. */
export const consoleAction = { operator: 403, steward: 403, franceServices: 403 };
export const openToAll = { rest: 200 };
export const schemaBody = (f: Fixtures) => ({ schema: f.schema });

/** The agents acting as Nadia of Lyon 8e with a counter token (their mandate varies). */
export const lyon8Tokens = [
  'agentMandated',
  'agentNoMandate',
  'agentExpired',
  'agentGuessing',
] as const satisfies readonly Principal[];
/** Those signed in at the counter as Nadia (agentExpired's session ended). */
export const lyon8Sessions = [
  'agentMandated',
  'agentNoMandate',
  'agentGuessing',
] as const satisfies readonly Principal[];
/**
 * A counter route about citizen 1 (consent service, notifier), with a counter token: the agent
 * under M1 gets `status`; without a mandate, under another structure's, or naming a citizen the
 * mandate is not for, 404 (nothing to learn of it); under an expired one, 403. Others 401.
 */
export const underMandate = (status: number) => ({
  agentMandated: status,
  agentNoMandate: 404,
  agentOtherStructure: 404,
  agentExpired: 403,
  agentGuessing: 404,
});
/** Every counter token gets `status` (a structure's own calls, by its agents). */
export const counterAgents = (status: number) => ({
  agentMandated: status,
  agentNoMandate: status,
  agentOtherStructure: status,
  agentExpired: status,
  agentGuessing: status,
});
/**
 * The counter's pages: Nadia's session gets `nadia`, Julien's (Vénissieux) `julien`; with no
 * session — none, an ended one (agentExpired, expired), a forged cookie, the console's — sent to
 * sign in (303); a bearer token of any kind, 401.
 */
export const counterPage = (nadia: number, julien: number) => ({
  agentMandated: nadia,
  agentNoMandate: nadia,
  agentGuessing: nadia,
  agentOtherStructure: julien,
  agentExpired: 303,
  expired: 303,
  franceServices: 303,
  anonymous: 303,
  forged: 303,
});
