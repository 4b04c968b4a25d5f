// The console's pages, a fastify plugin that never listens (src/app.ts registers it beside the
// JSON API; src/index.ts listens): operators sign in the ProConnect way with the `operator` role
// (dec-029), then find a flow, watch lag, replay or discard dead letters, redeliver webhooks, check
// the audit chains and read the operators' journal — through the ConsoleReads and ConsoleActions
// ports only. Security headers (a strict CSP: the lag page's one script from here, styles and
// fonts from here, forms to here and to the identity provider), a urlencoded body parser, errors
// as pages in the operator's language — never a 5xx for bad input.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Clock } from '@relais/kit';
import {
  assetRoutes,
  contentSecurityPolicy,
  defaultSessionPolicy,
  documentPages,
  loadAssets,
  webBasics,
  type Assets,
} from '@relais/web';
import { consoleRelyingParty } from './adapters/oidc.ts';
import { consoleSessions } from './adapters/sessions.ts';
import { t } from './domain/i18n.ts';
import type { ConsoleActions, ConsoleReads } from './domain/views.ts';
import { CONSOLE_CSS, COMPONENTS } from './pages/styles.ts';
import { REFRESH_SCRIPT } from './pages/refresh-script.ts';
import { authRoutes } from './routes/auth.ts';
import { actionRoutes } from './routes/web-actions.ts';
import { pageRoutes } from './routes/web-pages.ts';
import { context, messagePage, notFoundPage, visit, type ConsoleWebDeps } from './routes/web.ts';
import type { ConsoleWebSettings } from './web-config.ts';

export type { ConsoleWebDeps } from './routes/web.ts';

const FORM_LIMIT = 32 * 1024;

/** The stylesheet (DSFR core and the components the pages use, the console's rules) and script. */
export const loadConsoleAssets = (): Assets =>
  loadAssets({
    name: 'console',
    components: COMPONENTS,
    css: CONSOLE_CSS,
    scripts: { refresh: REFRESH_SCRIPT },
  });

export async function consoleWebApp(app: FastifyInstance, deps: ConsoleWebDeps): Promise<void> {
  webBasics(app, {
    csp: contentSecurityPolicy({ formTargets: [deps.rp.issuerOrigin], scripts: true }),
    formLimit: FORM_LIMIT,
  });
  // The OpenAPI document: pages answer HTML (a bearer token is refused: 401; a signed-in agent
  // without the operator role: 403); all but these need an operator's session.
  documentPages(app, {
    session: 'consoleSession',
    open: ['/', '/login', '/auth/callback', '/signed-out', '/lang/:lang'],
    getPages: [200, 400, 401, 403, 404],
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const v = visit(request, deps);
    const m = t(v.lang);
    const ctx = context(request, deps, v, '/');
    const status = err.validation ? 400 : (err.statusCode ?? 500);
    if (status === 404) return notFoundPage(request, reply, deps);
    if (status >= 400 && status < 500) {
      return messagePage(
        reply,
        ctx,
        { title: m.badRequestTitle, lead: m.badRequestLead, link: { href: '/', text: m.backHome } },
        status,
      );
    }
    // A port that could not read (Kafka, a service down): the page says so, the log says why.
    request.log.error({ err }, 'console page failed');
    return messagePage(reply, ctx, { title: m.unavailableTitle, lead: m.unavailableLead }, 503);
  });

  // Unknown paths: a page for a browser; the JSON API's clients keep the kit's JSON 404. (One
  // not-found handler per prefix, and the root's is the kit's: a catch-all route does it, every
  // other route being more specific.)
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    schema: { hide: true },
    handler: (request, reply) =>
      /text\/html/.test(request.headers.accept ?? '')
        ? notFoundPage(request, reply, deps)
        : reply.callNotFound(),
  });

  await app.register(assetRoutes(deps.assets));
  await app.register(authRoutes(deps));
  await app.register(pageRoutes(deps));
  await app.register(actionRoutes(deps));
}

/**
 * Everything consoleWebApp needs beside the ports, built from the settings (web-config.ts): the
 * relying party (discovery at start: the provider must be up), the session store, the assets.
 */
export async function consoleWebDeps(
  settings: ConsoleWebSettings,
  o: { reads: ConsoleReads; actions: ConsoleActions; clock: Clock },
): Promise<ConsoleWebDeps & { close(): void }> {
  const sessions = consoleSessions({
    dataDir: settings.sessionsDir,
    clock: o.clock,
    policy: { ...defaultSessionPolicy, ...settings.session },
  });
  return {
    ...o,
    rp: await consoleRelyingParty(settings.oidc),
    sessions,
    publicUrl: settings.publicUrl,
    traceUiUrl: settings.traceUiUrl,
    assets: loadConsoleAssets(),
    refreshSeconds: settings.refreshSeconds,
    close: () => sessions.close(),
  };
}
