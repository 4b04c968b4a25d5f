// France Services agents sign in the ProConnect way, and out again (dec-039): @relais/web's
// agents' sign-in (/login, /auth/callback, /logout, /signed-out, /lang/:lang), shared with the
// console. Who may enter is the domain's call (agent.ts): the role and a structure; anyone else
// signed in gets a 403 page with sign-out only, and the attempt is journaled.
import { agentsSignIn } from '@relais/web';
import { judgeSignIn } from '../domain/agent.ts';
import type { CounterSessionData } from '../domain/session.ts';
import type { PageContext } from '../pages/layout.ts';
import { agentsFace, type CounterWebDeps } from './web.ts';

export function authRoutes(deps: CounterWebDeps) {
  return agentsSignIn<CounterSessionData, PageContext>({
    ...agentsFace(deps),
    rp: deps.rp,
    judge: judgeSignIn,
    onRefused: (who, reason) => deps.refusals.refused(who, reason),
  });
}
