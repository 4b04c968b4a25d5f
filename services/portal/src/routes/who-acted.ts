// Who acted for me (issue 15): the citizen's mandates to France Services and the agents' journal.
//   GET  /who-acted                    mandates (withdraw scope by scope) and every agent's action
//   POST /who-acted/:id/revoke         withdraw one scope (`scope`) or the whole mandate
import type { FastifyInstance } from 'fastify';
import { mandateScopes } from '@relais/contracts';
import type { MandatesApi } from '../adapters/mandates-api.ts';
import type { FormBody } from '../domain/forms.ts';
import { mandateWords } from '../domain/words-mandates.ts';
import { whoActedBody } from '../pages/who-acted.ts';
import {
  citizenGet,
  citizenPost,
  context,
  flash,
  notFoundPage,
  render,
  takeFlash,
  type PortalDeps,
} from './web.ts';

export function whoActedRoutes(deps: PortalDeps, api: MandatesApi) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/who-acted', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/who-acted');
      if (!c) return reply;
      const [mandates, actions] = await Promise.all([
        api.mandates(c.caller),
        api.actions(c.caller),
      ]);
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: mandateWords(c.lang).title,
        body: whoActedBody(c.lang, {
          csrf: c.session.data.csrf,
          mandates,
          actions,
          flash: takeFlash(deps, c),
        }),
      });
    });

    app.post<{ Params: { id: string }; Body: FormBody }>(
      '/who-acted/:id/revoke',
      {
        schema: {
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } },
          },
        },
      },
      async (request, reply) => {
        const c = citizenPost(request, reply, deps);
        if (!c) return reply;
        const raw = request.body?.['scope'];
        const scope = typeof raw === 'string' ? raw : undefined;
        if (scope !== undefined && !(mandateScopes as readonly string[]).includes(scope))
          return notFoundPage(request, reply, deps);
        const done = await api.revoke(c.caller, request.params.id, scope);
        if (!done) return notFoundPage(request, reply, deps);
        flash(deps, c, mandateWords(c.lang).withdrawn);
        return reply.redirect('/who-acted', 303);
      },
    );
  };
}
