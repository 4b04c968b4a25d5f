// A local OpenID Connect provider shaped like FranceConnect v2, on oidc-provider: endpoints under
// /api/v2, acr_values eidas1..3, state and nonce of 32 characters at least, code flow only,
// client_secret_post/basic, pairwise `sub` per sector, the pivot identity's claims, userinfo as a
// signed JWT, RP-initiated logout with id_token_hint. See README.md and docs/decisions.md.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseAgents, type Agent } from './domain/agents.ts';
import { parseCitizens, type Citizen } from './domain/citizens.ts';
import { contentSecurityPolicy, cookies, HttpError, SECURITY_HEADERS, send } from './http.ts';
import { interactions, LANG_COOKIE } from './interactions.ts';
import { loadOrCreateSecrets } from './keys.ts';
import { audienceOf, checkClients, origins, type Idp, type IdpOptions } from './options.ts';
import { STYLESHEET, STYLESHEET_PATH } from './pages/html.ts';
import { isLang, type Lang } from './pages/i18n.ts';
import { createProvider } from './provider.ts';

export type { Idp, IdpClient, IdpOptions } from './options.ts';

/** A file of infra/ (this package sits in infra/idp; src/ or dist/ below it). */
const inInfra = (...parts: string[]) =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...parts);

export const DEFAULT_CITIZENS_FILE = inInfra('citizens', 'citizens.yaml');
export const DEFAULT_AGENTS_FILE = inInfra('agents', 'agents.yaml');

export function loadCitizens(file: string = DEFAULT_CITIZENS_FILE): Citizen[] {
  return parseCitizens(parseYaml(readFileSync(file, 'utf8')));
}

export function loadAgents(file: string = DEFAULT_AGENTS_FILE): Agent[] {
  return parseAgents(parseYaml(readFileSync(file, 'utf8')));
}

function pickLang(...candidates: unknown[]): Lang {
  for (const c of candidates) {
    if (typeof c !== 'string') continue;
    for (const tag of c.split(/[\s,]+/)) {
      const base = tag.split(/[-;]/)[0]?.toLowerCase();
      if (isLang(base)) return base;
    }
  }
  return 'fr';
}

export async function startIdp(options: IdpOptions): Promise<Idp> {
  checkClients(options.clients);
  const citizens = options.citizens ?? loadCitizens(options.citizensFile);
  const byHandle = new Map(citizens.map((c) => [c.handle, c]));
  const agents = options.agents ?? loadAgents(options.agentsFile);
  const audiences = new Map(options.clients.map((c) => [c.client_id, audienceOf(c)]));
  const secrets = loadOrCreateSecrets(options.keysDir);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((e: unknown) => console.error('idp:', e));
  const csp = contentSecurityPolicy(origins(options.clients));
  const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp };

  // Listen first: with port 0 the issuer is known only once the port is. Nobody knows the port
  // before this function answers, so no request arrives before the handler below is attached.
  const server = createServer();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = (options.issuer ?? `${url}/api/v2`).replace(/\/$/, '');
  const mount = new URL(issuer).pathname.replace(/\/$/, '');
  const interactionBase = `${mount}/interaction/`;

  // The citizen's choice (the switch), else the service provider's ui_locales, else French, as
  // FranceConnect: not the browser's Accept-Language.
  const langOf = (req: IncomingMessage, ...more: unknown[]): Lang =>
    pickLang(cookies(req).get(LANG_COOKIE), ...more);

  const provider = createProvider({
    issuer,
    behindProxy: new URL(issuer).origin !== url,
    clients: options.clients,
    citizens: byHandle,
    agents: new Map(agents.map((a) => [a.handle, a])),
    secrets,
    interactionBase,
    headers,
    now,
    onError,
    langOf,
  });
  const providerCallback = provider.callback();
  const pages = interactions({
    provider,
    citizens,
    agents,
    audienceOf: (clientId) =>
      (typeof clientId === 'string' ? audiences.get(clientId) : undefined) ?? 'citizens',
    interactionBase,
    headers,
    langOf,
  });
  const message = pages.message;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://idp');
    const method = req.method ?? 'GET';
    if (pathname === STYLESHEET_PATH && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, 'text/css; charset=utf-8', STYLESHEET, {
        ...SECURITY_HEADERS,
        'Cache-Control': 'public, max-age=3600',
      });
      return;
    }
    if (pathname.startsWith(interactionBase)) {
      const [uid, action, ...rest] = pathname.slice(interactionBase.length).split('/');
      if (!uid || rest.length > 0) {
        return message(req, res, 404, (w) => ({ title: w.errors.notFound, text: [] }));
      }
      if (action === undefined && (method === 'GET' || method === 'HEAD')) {
        return pages.show(req, res, uid);
      }
      if (method === 'POST' && action === 'login') return pages.login(req, res, uid);
      if (method === 'POST' && action === 'consent') return pages.consent(req, res, uid);
      if (method === 'POST' && action === 'abort') return pages.abort(req, res, uid);
      if (action === undefined || ['login', 'consent', 'abort'].includes(action)) {
        res.setHeader('Allow', action === undefined ? 'GET, HEAD' : 'POST');
        return message(req, res, 405, (w) => ({ title: w.errors.badRequest, text: [] }));
      }
      return message(req, res, 404, (w) => ({ title: w.errors.notFound, text: [] }));
    }
    if (pathname === mount || pathname.startsWith(`${mount}/`)) {
      // oidc-provider resolves its URLs from the mount path it reads off originalUrl.
      const r = req as IncomingMessage & { originalUrl?: string };
      r.originalUrl = req.url ?? '/';
      req.url = r.originalUrl.slice(mount.length) || '/';
      providerCallback(req, res);
      return;
    }
    return message(req, res, 404, (w) => ({ title: w.errors.notFound, text: [] }));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        const status = error.status;
        return message(req, res, status, (w) => ({
          title: w.errors.badRequest,
          text: [error.message],
        }));
      }
      onError(error);
      message(req, res, 500, (w) => ({ title: w.errors.title, text: [w.errors.server] }));
    });
  });

  return {
    url,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    citizens,
    agents,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
