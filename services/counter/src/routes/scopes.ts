// The citizen's preferences and data flows at the counter, and the mandate withdrawn scope by
// scope (issue 15 §2). As every page, each call goes to the notifier or the consent service
// under the mandate, which decide (scope, structure, validity) and journal — refused without the
// scope, the attempt journaled there.
//   GET  /mandates/:id/preferences            the form, as the notifier has them   (PREFERENCES)
//   POST /mandates/:id/preferences            change them                          (PREFERENCES)
//   GET  /mandates/:id/data-flows             who received their data              (DATA_FLOWS)
//   POST /mandates/:id/scopes/:scope/revoke   withdraw one scope from the mandate
import type { FastifyInstance } from 'fastify';
import { mandateScopes, type MandateScope } from '@relais/contracts';
import {
  checkPreferences,
  labels,
  preferencesInputOf,
  readPreferences,
  type FormBody,
} from '@relais/web';
import { Refused } from '../adapters/counter-api.ts';
import { t } from '../domain/i18n.ts';
import { dataFlowsPage } from '../pages/data-flows.ts';
import { preferencesPage } from '../pages/preferences.ts';
import { under } from './pages.ts';
import { agentGet, agentPost, flash, render, takeFlash, type CounterWebDeps } from './web.ts';

type Params = { id: string };

const isScope = (s: string): s is MandateScope => (mandateScopes as readonly string[]).includes(s);

export function scopeRoutes(deps: CounterWebDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: Params }>('/mandates/:id/preferences', async (request, reply) => {
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const { mandate, under: u } = await under(deps, a.agent, request.params.id);
      const prefs = await deps.api.preferences(a.agent, u);
      return render(
        reply,
        a.ctx,
        preferencesPage(a.ctx, {
          mandateId: mandate.mandateId,
          csrf: a.session.data.csrf,
          input: preferencesInputOf(prefs),
          flash: takeFlash(deps, a),
        }),
      );
    });

    app.post<{ Params: Params; Body: FormBody }>(
      '/mandates/:id/preferences',
      async (request, reply) => {
        const a = agentPost(request, reply, deps);
        if (!a) return reply;
        const { mandate, under: u } = await under(deps, a.agent, request.params.id);
        const input = readPreferences(request.body ?? {});
        const checked = checkPreferences(input);
        if ('errors' in checked)
          return render(
            reply,
            a.ctx,
            preferencesPage(a.ctx, {
              mandateId: mandate.mandateId,
              csrf: a.session.data.csrf,
              input,
              errors: checked.errors,
            }),
            400,
          );
        await deps.api.savePreferences(a.agent, u, { ...checked.request });
        flash(deps, a, t(a.lang).prefsSaved);
        return reply.redirect(`/mandates/${mandate.mandateId}/preferences`, 303);
      },
    );

    app.get<{ Params: Params }>('/mandates/:id/data-flows', async (request, reply) => {
      const a = agentGet(request, reply, deps, '/');
      if (!a) return reply;
      const { mandate, under: u } = await under(deps, a.agent, request.params.id);
      const flows = await deps.api.accessLog(a.agent, u);
      return render(
        reply,
        a.ctx,
        dataFlowsPage(a.ctx, {
          mandateId: mandate.mandateId,
          flows,
          words: labels(deps.catalog, a.lang),
        }),
      );
    });

    app.post<{ Params: Params & { scope: string }; Body: FormBody }>(
      '/mandates/:id/scopes/:scope/revoke',
      async (request, reply) => {
        const a = agentPost(request, reply, deps);
        if (!a) return reply;
        const scope = request.params.scope;
        if (!isScope(scope)) throw new Refused(400, 'scope: expected one of the mandate scopes');
        const { under: u } = await under(deps, a.agent, request.params.id);
        const mandate = await deps.api.revokeMandate(a.agent, u, scope);
        const m = t(a.lang);
        flash(deps, a, m.scopeRevoked(m.scopes[scope] ?? scope));
        return reply.redirect(mandate.status === 'active' ? `/mandates/${u.mandateId}` : '/', 303);
      },
    );
  };
}
