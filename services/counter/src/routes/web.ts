// What every counter page route shares: the deps, cookies and the session, the agent's language,
// who may see a page (a France Services agent's session only: anything else is sent to sign in,
// or refused and journaled), CSRF on every form, rendering, the one-use message after a POST.
import type { Catalog } from '@relais/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '@relais/kit';
import {
  agentsGate,
  cookieNames,
  faceContext,
  faceReplies,
  setFlash,
  takeFlash as takeWebFlash,
  visitOf,
  type AgentsFace,
  type AgentsVisit,
  type Assets,
  type CookieNames,
  type FaceVisit,
  type FormBody,
} from '@relais/web';
import type { CounterApi } from '../adapters/counter-api.ts';
import type { CounterRelyingParty } from '../adapters/oidc.ts';
import type { CounterSessions } from '../adapters/sessions.ts';
import type { Agent } from '../domain/agent.ts';
import { t } from '../domain/i18n.ts';
import type { AgentSession, CounterSessionData } from '../domain/session.ts';
import { page, type PageContext } from '../pages/layout.ts';

/** Finds an enrolled citizen by their identité pivot: their portal pseudonym, or undefined. */
export interface CitizenFinder {
  find(identity: Record<string, string>): string | undefined;
}

/** Refusals the counter itself decides, journaled on relais.counter-actions. */
export interface RefusalLog {
  /** Someone signed in who is no agent of a structure: nobody's mandate is concerned. */
  refused(who: { sub: string; name: string }, reason: string): Promise<void>;
  /** Someone else than `citizen` (portal pseudonym) signed in to confirm their new mandate. */
  mismatch(agent: Agent, citizen: string): Promise<void>;
}

export interface CounterWebDeps {
  api: CounterApi;
  citizens: CitizenFinder;
  refusals: RefusalLog;
  rp: CounterRelyingParty;
  /** The citizens' client: a citizen confirms a new mandate by signing in (absent: attestation only). */
  citizenRp?: CounterRelyingParty | undefined;
  sessions: CounterSessions;
  clock: Clock;
  publicUrl: string;
  assets: Assets;
  /** The catalog's id of an agency an offer names (tests run with suffixed agency ids). */
  agencyId?: ((agency: string) => string) | undefined;
  /** Agencies, contracts and fields in plain words on the citizen's pages (as the portal shows them). */
  catalog: Catalog;
}

export const secureCookies = (deps: Pick<CounterWebDeps, 'publicUrl'>): boolean =>
  new URL(deps.publicUrl).protocol === 'https:';

export const counterCookies = (deps: Pick<CounterWebDeps, 'publicUrl'>): CookieNames =>
  cookieNames(secureCookies(deps), 'relais-counter');

/** The short cookie of a citizen's confirmation under way (never the agent's session). */
export const confirmCookie = (deps: Pick<CounterWebDeps, 'publicUrl'>): string =>
  `${secureCookies(deps) ? '__Host-' : ''}relais-counter-confirm`;

export const face = (deps: Pick<CounterWebDeps, 'sessions' | 'publicUrl'>) => ({
  sessions: deps.sessions,
  names: counterCookies(deps),
  secure: secureCookies(deps),
});

export type Visit = FaceVisit<CounterSessionData>;

export const visit = (request: FastifyRequest, deps: CounterWebDeps): Visit =>
  visitOf(face(deps), request);

export function context(
  request: FastifyRequest,
  deps: CounterWebDeps,
  v: Visit,
  path?: string,
): PageContext {
  const data = v.session?.data;
  const agent = data?.kind === 'agent' ? data : undefined;
  return faceContext(request, {
    lang: v.lang,
    m: t(v.lang),
    cssPath: deps.assets.cssPath,
    path,
    signedIn: agent && {
      name: `${agent.agent.name} (${agent.agent.structure.name})`,
      csrf: agent.csrf,
    },
    signOutOnly: data?.kind === 'refused' ? { csrf: data.csrf } : undefined,
  });
}

export const { render, messagePage, standardPage } = faceReplies(page);

/** The face @relais/web's agents' sign-in and gate work on. */
export const agentsFace = (deps: CounterWebDeps): AgentsFace<CounterSessionData, PageContext> => ({
  ...face(deps),
  words: t,
  context: (request, v, path) => context(request, deps, v, path),
  messagePage,
  standardPage,
});

export interface AgentVisit extends AgentsVisit<AgentSession, PageContext> {
  agent: Agent;
}

const withAgent = (a: AgentsVisit<AgentSession, PageContext> | undefined) =>
  a && { ...a, agent: a.session.data.agent };

/** An agent's GET: the visit, or a redirect to sign in (and back to `next`), or a refusal. */
export const agentGet = (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CounterWebDeps,
  next: string,
): AgentVisit | undefined =>
  withAgent(agentsGate(agentsFace(deps), 'agent').get(request, reply, next));

/** An agent's form post: the visit, or the page that says why not (401, 403, CSRF 403). */
export const agentPost = (
  request: FastifyRequest<{ Body: FormBody }>,
  reply: FastifyReply,
  deps: CounterWebDeps,
): AgentVisit | undefined => withAgent(agentsGate(agentsFace(deps), 'agent').post(request, reply));

export const flash = (deps: CounterWebDeps, a: AgentVisit, text: string): void =>
  setFlash(deps.sessions, a.cookie, a.session, text);

export const takeFlash = (deps: CounterWebDeps, a: AgentVisit): string | undefined =>
  takeWebFlash(deps.sessions, a.cookie, a.session);

export const notFoundPage = (request: FastifyRequest, reply: FastifyReply, deps: CounterWebDeps) =>
  standardPage(reply, context(request, deps, visit(request, deps), '/'), 'notFound');
