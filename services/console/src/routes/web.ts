// What every console page route shares: the deps, cookies and the session, the operator's
// language, who may see a page (an operator's session only: anything else is sent to sign in, or
// refused), CSRF on every form, rendering, and the one-use message after a POST.
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
import type { ConsoleRelyingParty } from '../adapters/oidc.ts';
import type { ConsoleSessions } from '../adapters/sessions.ts';
import { t } from '../domain/i18n.ts';
import type { FormError } from '../domain/forms.ts';
import type { ConsoleSessionData, OperatorSession } from '../domain/session.ts';
import type { ConsoleActions, ConsoleReads, Operator } from '../domain/views.ts';
import { page, type PageContext, type PageOptions } from '../pages/layout.ts';

export interface ConsoleWebDeps {
  reads: ConsoleReads;
  actions: ConsoleActions;
  rp: ConsoleRelyingParty;
  sessions: ConsoleSessions;
  clock: Clock;
  /** Where operators reach the console; https: cookies get Secure and __Host-. */
  publicUrl: string;
  /** The tracing UI (Zipkin), for links to a trace; null when there is none. */
  traceUiUrl: string | null;
  assets: Assets;
  /** The lag page's automatic refresh, when the operator turns it on. */
  refreshSeconds: number;
}

export const secureCookies = (deps: Pick<ConsoleWebDeps, 'publicUrl'>): boolean =>
  new URL(deps.publicUrl).protocol === 'https:';

/** The console's cookies: apart from the portal's on the same host (cookies ignore ports). */
export const consoleCookies = (deps: Pick<ConsoleWebDeps, 'publicUrl'>): CookieNames =>
  cookieNames(secureCookies(deps), 'relais-console');

/** The console's sessions and cookies, as @relais/web's visits read them. */
export const face = (deps: Pick<ConsoleWebDeps, 'sessions' | 'publicUrl'>) => ({
  sessions: deps.sessions,
  names: consoleCookies(deps),
  secure: secureCookies(deps),
});

export type Visit = FaceVisit<ConsoleSessionData>;

/** The session behind the request's cookie, if any and alive, and the operator's language. */
export const visit = (request: FastifyRequest, deps: ConsoleWebDeps): Visit =>
  visitOf(face(deps), request);

/** The page's context: the operator (name, CSRF token) or a refused agent (sign-out only). */
export function context(
  request: FastifyRequest,
  deps: ConsoleWebDeps,
  v: Visit,
  path?: string,
): PageContext {
  const data = v.session?.data;
  const operator = data?.kind === 'operator' ? data : undefined;
  return faceContext(request, {
    lang: v.lang,
    m: t(v.lang),
    cssPath: deps.assets.cssPath,
    path,
    signedIn: operator && { name: operator.operator.displayName, csrf: operator.csrf },
    signOutOnly: data?.kind === 'refused' ? { csrf: data.csrf } : undefined,
  });
}

/** Pages, pages that say one thing, and the pages every face answers the same way. */
export const { render, messagePage, standardPage } = faceReplies(page);

/** A form's page again, in error (400): what was typed, the summary first, each field's message. */
export const renderErrors = (
  reply: FastifyReply,
  ctx: PageContext,
  o: PageOptions & { errors: readonly FormError[] },
) => render(reply, ctx, o, 400);

/** The face @relais/web's agents' sign-in and gate work on. */
export const agentsFace = (deps: ConsoleWebDeps): AgentsFace<ConsoleSessionData, PageContext> => ({
  ...face(deps),
  words: t,
  context: (request, v, path) => context(request, deps, v, path),
  messagePage,
  standardPage,
});

export interface OperatorVisit extends AgentsVisit<OperatorSession, PageContext> {
  operator: Operator;
}

const withOperator = (op: AgentsVisit<OperatorSession, PageContext> | undefined) =>
  op && { ...op, operator: op.session.data.operator };

/** An operator's GET: the visit, or a redirect to sign in (and back to `next`), or a refusal. */
export const operatorGet = (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleWebDeps,
  next: string,
): OperatorVisit | undefined =>
  withOperator(agentsGate(agentsFace(deps), 'operator').get(request, reply, next));

/**
 * An operator's form post: the visit, or the page that says why not — no session (401), not an
 * operator (403), the CSRF token missing or wrong (403). Nothing is done in any of those cases.
 */
export const operatorPost = (
  request: FastifyRequest<{ Body: FormBody }>,
  reply: FastifyReply,
  deps: ConsoleWebDeps,
): OperatorVisit | undefined =>
  withOperator(agentsGate(agentsFace(deps), 'operator').post(request, reply));

/** One message for the next page (after a POST, redirect, GET). */
export const flash = (deps: ConsoleWebDeps, op: OperatorVisit, text: string): void =>
  setFlash(deps.sessions, op.cookie, op.session, text);

export const takeFlash = (deps: ConsoleWebDeps, op: OperatorVisit): string | undefined =>
  takeWebFlash(deps.sessions, op.cookie, op.session);

export const notFoundPage = (request: FastifyRequest, reply: FastifyReply, deps: ConsoleWebDeps) =>
  standardPage(reply, context(request, deps, visit(request, deps), '/'), 'notFound');
