// The portal's HTTP side, a fastify plugin that never listens (src/index.ts listens): the pages,
// their security headers (a strict CSP: no script at all, styles and fonts from here only, forms
// to here and to the identity provider), a urlencoded body parser, and errors as pages in the
// citizen's language — never a 5xx for bad input.
import type { FastifyError, FastifyInstance } from 'fastify';
import { contentSecurityPolicy as webCsp, webBasics } from '@relais/web';
import { UpstreamError, UpstreamRefusal } from './adapters/citizen-api.ts';
import { errors } from './errors.ts';
import { t } from './domain/i18n.ts';
import { assistantRoutes, type AssistantDeps } from './routes/assistant.ts';
import { assetRoutes } from './routes/assets.ts';
import { authRoutes } from './routes/auth.ts';
import { citizenPageRoutes } from './routes/citizen-pages.ts';
import { consentRoutes } from './routes/consents.ts';
import { context, messagePage, notFoundPage, visit } from './routes/web.ts';

export type PortalAppDeps = AssistantDeps;

const FORM_LIMIT = 16 * 1024;

/** No script at all; styles and fonts from here; forms to here and to the identity provider. */
export const contentSecurityPolicy = (issuerOrigin: string): string =>
  webCsp({ formTargets: [issuerOrigin] });

export { parseForm } from '@relais/web';

export async function portalApp(app: FastifyInstance, deps: PortalAppDeps): Promise<void> {
  webBasics(app, { csp: contentSecurityPolicy(deps.rp.issuerOrigin), formLimit: FORM_LIMIT });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const v = visit(request, deps);
    const m = t(v.lang);
    const ctx = context(request, deps, v, '/');
    if (err instanceof UpstreamError) {
      request.log.error({ err: errors.upstreamUnavailable(err.message) }, 'upstream unavailable');
      return messagePage(reply, ctx, { title: m.unavailableTitle, lead: m.unavailableLead }, 503);
    }
    const status =
      err instanceof UpstreamRefusal ? 400 : err.validation ? 400 : (err.statusCode ?? 500);
    if (status >= 400 && status < 500) {
      if (err instanceof UpstreamRefusal)
        request.log.warn({ err: errors.upstreamRefused(err.message) }, 'upstream refused');
      if (status === 404) return notFoundPage(request, reply, deps);
      return messagePage(
        reply,
        ctx,
        {
          title: m.badRequestTitle,
          lead: m.badRequestLead,
          link: { href: '/', text: m.backHome },
        },
        status,
      );
    }
    request.log.error({ err }, 'page failed');
    return messagePage(reply, ctx, { title: m.unavailableTitle, lead: m.unavailableLead }, 500);
  });
  // The kit's app answers unmatched paths in JSON; the portal's citizens get a page. A catch-all
  // route does it (fastify allows one not-found handler per prefix, and the root's is the kit's):
  // every other route is more specific and wins.
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
    url: '/*',
    handler: (request, reply) => notFoundPage(request, reply, deps),
  });

  await app.register(assetRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(consentRoutes(deps));
  await app.register(citizenPageRoutes(deps));
  await app.register(assistantRoutes(deps));
}
