// The counter's HTTP side, a fastify plugin that never listens (src/index.ts listens): the agents'
// pages, their security headers (a strict CSP, no script; forms to here and to the provider), a
// urlencoded body parser, errors as pages in the agent's language — a refusal of the consent
// service or the notifier as the page that says so, never a 5xx for bad input.
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  assetRoutes,
  contentSecurityPolicy,
  loadAssets,
  webBasics,
  type Assets,
} from '@relais/web';
import { Refused, UpstreamError } from './adapters/counter-api.ts';
import { t } from './domain/i18n.ts';
import { COMPONENTS, COUNTER_CSS } from './pages/layout.ts';
import { authRoutes } from './routes/auth.ts';
import { confirmRoutes } from './routes/confirm.ts';
import { pageRoutes } from './routes/pages.ts';
import { scopeRoutes } from './routes/scopes.ts';
import { context, messagePage, notFoundPage, visit, type CounterWebDeps } from './routes/web.ts';

export type { CounterWebDeps } from './routes/web.ts';

const FORM_LIMIT = 16 * 1024;

export const loadCounterAssets = (): Assets =>
  loadAssets({ name: 'counter', components: COMPONENTS, css: COUNTER_CSS });

export async function counterApp(app: FastifyInstance, deps: CounterWebDeps): Promise<void> {
  webBasics(app, {
    csp: contentSecurityPolicy({
      formTargets: [
        ...new Set([
          deps.rp.issuerOrigin,
          ...(deps.citizenRp ? [deps.citizenRp.issuerOrigin] : []),
        ]),
      ],
    }),
    formLimit: FORM_LIMIT,
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const v = visit(request, deps);
    const m = t(v.lang);
    const ctx = context(request, deps, v, '/');
    const home = { href: '/', text: m.backHome };
    if (err instanceof UpstreamError) {
      request.log.error({ err: err.message }, 'upstream unavailable');
      return messagePage(reply, ctx, { title: m.unavailableTitle, lead: m.unavailableLead }, 503);
    }
    if (err instanceof Refused) {
      // The deciding service journaled it; the agent sees a refusal, never the reason's details.
      request.log.info({ status: err.status }, 'refused upstream');
      if (err.status === 404) return notFoundPage(request, reply, deps);
      if (err.status === 403)
        return messagePage(
          reply,
          ctx,
          { title: m.badRequestTitle, lead: m.refusedAction, link: home },
          403,
        );
      return messagePage(
        reply,
        ctx,
        { title: m.badRequestTitle, lead: m.badRequestLead, link: home },
        400,
      );
    }
    const status = err.validation ? 400 : (err.statusCode ?? 500);
    if (status === 404) return notFoundPage(request, reply, deps);
    if (status >= 400 && status < 500)
      return messagePage(
        reply,
        ctx,
        { title: m.badRequestTitle, lead: m.badRequestLead, link: home },
        status,
      );
    request.log.error({ err }, 'page failed');
    return messagePage(reply, ctx, { title: m.unavailableTitle, lead: m.unavailableLead }, 500);
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
    url: '/*',
    handler: (request, reply) => notFoundPage(request, reply, deps),
  });

  await app.register(assetRoutes(deps.assets));
  await app.register(authRoutes(deps));
  await app.register(pageRoutes(deps));
  await app.register(confirmRoutes(deps));
  await app.register(scopeRoutes(deps));
}
