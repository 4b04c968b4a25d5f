// Operators sign in the ProConnect way, and out again (dec-029): @relais/web's agents' sign-in
// (/login, /auth/callback, /logout, /signed-out, /lang/:lang), shared with the counter. Who may
// enter is the domain's call (operator.ts): the `operator` role; anyone else signed in gets a 403
// page that leaves only sign-out.
import { agentsSignIn } from '@relais/web';
import { judgeSignIn } from '../domain/operator.ts';
import type { ConsoleSessionData } from '../domain/session.ts';
import type { PageContext } from '../pages/layout.ts';
import { agentsFace, type ConsoleWebDeps } from './web.ts';

export function authRoutes(deps: ConsoleWebDeps) {
  return agentsSignIn<ConsoleSessionData, PageContext>({
    ...agentsFace(deps),
    rp: deps.rp,
    judge: judgeSignIn,
  });
}
