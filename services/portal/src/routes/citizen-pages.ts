// Who received my data, my notices, my preferences.
//   GET  /access-log, /access-log/:id        deliveries; one with its proofs checked
//   GET  /access-log/:id/proof.json          that proof, to check it elsewhere (audit:check-proof)
//   GET  /notices, /notices/:id              notices; reading one counts as opened (the funnel)
//   GET, POST /preferences                   channels, language, e-mail, postal address, pause
import type { FastifyInstance } from 'fastify';
import type { Consent } from '../adapters/citizen-api.ts';
import { inclusionView } from '../adapters/inclusion.ts';
import {
  checkPreferences,
  readPreferences,
  type FormBody,
  preferencesInputOf,
} from '../domain/forms.ts';
import { t } from '../domain/i18n.ts';
import { STEP_UP_LEVEL, touchesSensitive } from '../domain/levels.ts';
import { checkProof } from '../domain/proof.ts';
import { accessDetailBody, accessLogBody } from '../pages/access-log.ts';
import { noticeBody, noticesBody } from '../pages/notices.ts';
import { preferencesBody } from '../pages/preferences.ts';
import {
  citizenGet,
  citizenPost,
  context,
  flash,
  hasLevel,
  notFoundPage,
  render,
  takeFlash,
  toLogin,
  type PortalDeps,
} from './web.ts';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } },
} as const;

const byId = (consents: Consent[]) => new Map(consents.map((c) => [c.id, c]));

export function citizenPageRoutes(deps: PortalDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/access-log', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/access-log');
      if (!c) return reply;
      const [entries, consents] = await Promise.all([
        deps.api.accessLog(c.caller),
        deps.api.consents(c.caller),
      ]);
      const sensitive = (e: (typeof entries)[number]) =>
        touchesSensitive(c.labels.categoriesOf(e.contract, e.fields));
      const shown = hasLevel(c, STEP_UP_LEVEL) ? entries : entries.filter((e) => !sensitive(e));
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.accessTitle,
        body: accessLogBody(ctx.m, c.lang, c.labels, {
          entries: shown,
          hidden: entries.length - shown.length,
          consents: byId(consents),
        }),
      });
    });

    app.get<{ Params: { id: string } }>(
      '/access-log/:id',
      { schema: { params: idParams } },
      async (request, reply) => {
        const c = citizenGet(request, reply, deps, '/access-log');
        if (!c) return reply;
        const proof = await deps.api.accessProof(c.caller, request.params.id);
        if (!proof) return notFoundPage(request, reply, deps);
        if (
          !hasLevel(c, STEP_UP_LEVEL) &&
          touchesSensitive(c.labels.categoriesOf(proof.entry.contract, proof.entry.fields))
        )
          return toLogin(reply, '/access-log', STEP_UP_LEVEL);
        const [consents, keys] = await Promise.all([
          deps.api.consents(c.caller),
          proof.inclusion ? deps.api.accessLogKeys() : Promise.resolve({ keys: [] }),
        ]);
        const ctx = context(request, deps, c);
        return render(reply, ctx, {
          title: ctx.m.accessDetailTitle,
          body: accessDetailBody(ctx.m, c.lang, c.labels, {
            proof,
            check: checkProof(proof),
            inclusion: await inclusionView(proof, keys),
            consents: byId(consents),
          }),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/access-log/:id/proof.json',
      { schema: { params: idParams } },
      async (request, reply) => {
        const c = citizenGet(request, reply, deps, '/access-log');
        if (!c) return reply;
        const proof = await deps.api.accessProof(c.caller, request.params.id);
        if (!proof) return notFoundPage(request, reply, deps);
        if (
          !hasLevel(c, STEP_UP_LEVEL) &&
          touchesSensitive(c.labels.categoriesOf(proof.entry.contract, proof.entry.fields))
        )
          return toLogin(reply, '/access-log', STEP_UP_LEVEL);
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="relais-proof-${request.params.id}.json"`,
          )
          .header('cache-control', 'no-store')
          .send(`${JSON.stringify(proof, null, 2)}\n`);
      },
    );

    app.get('/notices', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/notices');
      if (!c) return reply;
      const notices = await deps.api.notices(c.caller);
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.noticesTitle,
        body: noticesBody(ctx.m, c.lang, notices),
      });
    });

    app.get<{ Params: { id: string } }>(
      '/notices/:id',
      { schema: { params: idParams } },
      async (request, reply) => {
        const c = citizenGet(request, reply, deps, '/notices');
        if (!c) return reply;
        // The notifier marks it opened: the take-up funnel counts it.
        const notice = await deps.api.notice(c.caller, request.params.id);
        if (!notice) return notFoundPage(request, reply, deps);
        const ctx = context(request, deps, c);
        return render(reply, ctx, {
          title: notice.subject,
          body: noticeBody(ctx.m, c.lang, notice),
        });
      },
    );

    app.get('/preferences', async (request, reply) => {
      const c = citizenGet(request, reply, deps, '/preferences');
      if (!c) return reply;
      const p = await deps.api.preferences(c.caller);
      const input = preferencesInputOf(p);
      const ctx = context(request, deps, c);
      return render(reply, ctx, {
        title: ctx.m.prefsTitle,
        body: preferencesBody(ctx.m, {
          input,
          csrf: c.session.data.csrf,
          flash: takeFlash(deps, c),
        }),
      });
    });

    app.post<{ Body: FormBody }>('/preferences', async (request, reply) => {
      const c = citizenPost(request, reply, deps);
      if (!c) return reply;
      const input = readPreferences(request.body);
      const checked = checkPreferences(input);
      const ctx = context(request, deps, c, '/preferences');
      if ('errors' in checked) {
        return render(
          reply,
          ctx,
          {
            title: ctx.m.prefsTitle,
            errors: checked.errors,
            body: preferencesBody(ctx.m, {
              input,
              errors: checked.errors,
              csrf: c.session.data.csrf,
            }),
          },
          400,
        );
      }
      await deps.api.savePreferences(c.caller, checked.request);
      flash(deps, c, t(c.lang).prefsSaved);
      return reply.redirect('/preferences', 303);
    });
  };
}
