// What every counter page route shares: the deps, cookies and the session, the agent's language,
// who may see a page (a France Services agent's session only: anything else is sent to sign in,
// or refused and journaled), CSRF on every form, rendering, the one-use message after a POST.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '@relais/kit';
import {
  cookieNames,
  csrfMatches,
  faceContext,
  faceReplies,
  setFlash,
  takeFlash as takeWebFlash,
  visitOf,
  visitOfKind,
  type Assets,
  type CookieNames,
  type FaceVisit,
  type FormBody,
  type Session,
} from '@relais/web';
import type { CounterApi } from '../adapters/counter-api.ts';
import type { CounterRelyingParty } from '../adapters/oidc.ts';
import type { CounterSessions } from '../adapters/sessions.ts';
import type { Agent } from '../domain/agent.ts';
import { t, type Lang } from '../domain/i18n.ts';
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

export interface AgentVisit {
  lang: Lang;
  session: Session<AgentSession>;
  cookie: string;
  agent: Agent;
  ctx: PageContext;
}

function refusal(request: FastifyRequest, reply: FastifyReply, deps: CounterWebDeps, v: Visit) {
  const m = t(v.lang);
  const ctx = context(request, deps, v, '/');
  if (v.session?.data.kind === 'refused') {
    return messagePage(
      reply,
      ctx,
      {
        title: m.refusedTitle,
        lead: m.refusedLead(v.session.data.displayName),
        more: m.refusedWhat,
      },
      403,
    );
  }
  if (request.headers.authorization !== undefined)
    return messagePage(reply, ctx, { title: m.bearerTitle, lead: m.bearerLead }, 401);
  return undefined;
}

function enter(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CounterWebDeps,
  otherwise: (v: Visit) => unknown,
): AgentVisit | undefined {
  const v = visit(request, deps);
  const a = visitOfKind(v, 'agent');
  if (a) return { ...a, agent: a.session.data.agent, ctx: context(request, deps, v) };
  if (!refusal(request, reply, deps, v)) void otherwise(v);
  return undefined;
}

/** An agent's GET: the visit, or a redirect to sign in (and back to `next`), or a refusal. */
export const agentGet = (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CounterWebDeps,
  next: string,
): AgentVisit | undefined =>
  enter(request, reply, deps, () =>
    reply.redirect(`/login?${new URLSearchParams({ next }).toString()}`, 303),
  );

/** An agent's form post: the visit, or the page that says why not (401, 403, CSRF 403). */
export function agentPost(
  request: FastifyRequest<{ Body: FormBody }>,
  reply: FastifyReply,
  deps: CounterWebDeps,
): AgentVisit | undefined {
  const a = enter(request, reply, deps, (v) =>
    standardPage(reply, context(request, deps, { lang: v.lang }, '/'), 'expired'),
  );
  if (a && !csrfMatches(request.body ?? {}, a.session.data.csrf)) {
    void standardPage(reply, a.ctx, 'csrf');
    return undefined;
  }
  return a;
}

export const flash = (deps: CounterWebDeps, a: AgentVisit, text: string): void =>
  setFlash(deps.sessions, a.cookie, a.session, text);

export const takeFlash = (deps: CounterWebDeps, a: AgentVisit): string | undefined =>
  takeWebFlash(deps.sessions, a.cookie, a.session);

export const notFoundPage = (request: FastifyRequest, reply: FastifyReply, deps: CounterWebDeps) =>
  standardPage(reply, context(request, deps, visit(request, deps), '/'), 'notFound');
