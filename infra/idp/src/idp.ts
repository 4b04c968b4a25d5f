// A local OpenID Connect provider shaped like FranceConnect v2, on oidc-provider: endpoints under
// /api/v2, acr_values eidas1..3, state and nonce of 32 characters at least, code flow only,
// client_secret_post/basic, pairwise `sub` per sector, the pivot identity's claims, userinfo as a
// signed JWT, RP-initiated logout with id_token_hint. See README.md and docs/decisions.md.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider, {
  errors,
  interactionPolicy,
  type ClientMetadata,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { parse as parseYaml } from 'yaml';
import { parseCitizens, type Citizen } from './domain/citizens.ts';
import { claimsForScopes, IDENTITY_CLAIMS, SCOPE_CLAIMS, SCOPES } from './domain/claims.ts';
import {
  EIDAS_LEVELS,
  isEidasLevel,
  parseAcrValues,
  satisfies,
  type EidasLevel,
} from './domain/eidas.ts';
import { pairwiseSub } from './domain/pairwise.ts';
import {
  contentSecurityPolicy,
  cookies,
  HttpError,
  readForm,
  SECURITY_HEADERS,
  send,
} from './http.ts';
import { loadOrCreateSecrets, SIGNING_ALGS, type SigningAlg } from './keys.ts';
import { consentPage } from './pages/consent.ts';
import { STYLESHEET, STYLESHEET_PATH } from './pages/html.ts';
import { isLang, WORDS, type Lang } from './pages/i18n.ts';
import { citizenFieldId, loginPage } from './pages/login.ts';
import { logoutPage, messagePage } from './pages/messages.ts';
import { memoryStore } from './store.ts';

/** A service provider (fournisseur de service) registered with the provider. */
export interface IdpClient {
  client_id: string;
  client_secret: string;
  /** Shown to the citizen on the login and consent pages. Default: the client id. */
  client_name?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  /**
   * The pairwise sector: clients of one sector see the same `sub` for a citizen, clients of
   * different sectors different ones. Default: the client id (one sector per service provider,
   * as FranceConnect does).
   */
  sector?: string;
  /** Default client_secret_post, as FranceConnect's token endpoint documents it. */
  token_endpoint_auth_method?: 'client_secret_post' | 'client_secret_basic';
  /** Signs the id_token and the userinfo JWT. Default ES256 (FranceConnect's recommendation). */
  signing_alg?: SigningAlg;
}

export interface IdpOptions {
  clients: readonly IdpClient[];
  /** Where the signing keys and the pairwise secret live; created on first start. */
  keysDir: string;
  /** The demo accounts. Default: read from `citizensFile`. */
  citizens?: readonly Citizen[];
  /** Default: the repository's infra/citizens/citizens.yaml. */
  citizensFile?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default http://<host>:<port>/api/v2. Its path is where the endpoints are mounted. */
  issuer?: string;
  /**
   * The clock of the provider's own store (expiry of sessions, interactions, codes, tokens), in
   * epoch milliseconds. oidc-provider itself reads Date.now() for the times it writes in tokens
   * (`iat`, `exp`, `auth_time`): it has no clock option.
   */
  now?: () => number;
  /** Called with unexpected errors (a 500); never with request data. Default: console.error. */
  onError?: (error: unknown) => void;
}

export interface Idp {
  /** Where the server listens, e.g. http://127.0.0.1:43121 */
  url: string;
  /** The issuer, e.g. http://127.0.0.1:43121/api/v2 */
  issuer: string;
  /** `${issuer}/.well-known/openid-configuration` */
  discoveryUrl: string;
  citizens: readonly Citizen[];
  close(): Promise<void>;
}

export const DEFAULT_CITIZENS_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'citizens',
  'citizens.yaml',
);

export function loadCitizens(file: string = DEFAULT_CITIZENS_FILE): Citizen[] {
  return parseCitizens(parseYaml(readFileSync(file, 'utf8')));
}

const LANG_COOKIE = 'relais_idp_lang';
const MIN_RANDOM_LENGTH = 32;

class IdpOptionsError extends Error {
  override name = 'IdpOptionsError';
}

function checkClients(clients: readonly IdpClient[]): void {
  if (clients.length === 0) throw new IdpOptionsError('at least one client is required');
  const ids = new Set<string>();
  for (const c of clients) {
    const at = `client "${c.client_id}"`;
    if (!c.client_id) throw new IdpOptionsError('every client needs a client_id');
    if (ids.has(c.client_id)) throw new IdpOptionsError(`${at} is declared twice`);
    ids.add(c.client_id);
    if (!c.client_secret || c.client_secret.length < 32) {
      throw new IdpOptionsError(`${at}: client_secret must have 32 characters at least`);
    }
    if (c.redirect_uris.length === 0) throw new IdpOptionsError(`${at}: redirect_uris is empty`);
    for (const uri of [...c.redirect_uris, ...(c.post_logout_redirect_uris ?? [])]) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw new IdpOptionsError(`${at}: "${uri}" is not an absolute URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new IdpOptionsError(`${at}: "${uri}" must be http(s)`);
      }
      if (url.hash) throw new IdpOptionsError(`${at}: "${uri}" must not have a fragment`);
    }
    if (c.signing_alg !== undefined && !SIGNING_ALGS.includes(c.signing_alg)) {
      throw new IdpOptionsError(`${at}: signing_alg must be ES256 or RS256`);
    }
  }
}

function origins(clients: readonly IdpClient[]): string[] {
  const set = new Set<string>();
  for (const c of clients) {
    for (const uri of [...c.redirect_uris, ...(c.post_logout_redirect_uris ?? [])]) {
      set.add(new URL(uri).origin);
    }
  }
  return [...set];
}

function clientMetadata(c: IdpClient): ClientMetadata {
  const alg = c.signing_alg ?? 'ES256';
  return {
    client_id: c.client_id,
    client_secret: c.client_secret,
    client_name: c.client_name ?? c.client_id,
    application_type: 'web',
    redirect_uris: [...c.redirect_uris],
    post_logout_redirect_uris: [...(c.post_logout_redirect_uris ?? [])],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_post',
    id_token_signed_response_alg: alg,
    userinfo_signed_response_alg: alg,
    subject_type: 'pairwise',
    // FranceConnect's id_token always carries auth_time.
    require_auth_time: true,
    // The sector is ours (pairwiseIdentifier below), not the redirect URIs' host: this URI only
    // satisfies oidc-provider's schema for clients whose redirect URIs have several hosts, and is
    // never fetched (sectorIdentifierUriValidate).
    sector_identifier_uri: `https://sectors.relais.invalid/${encodeURIComponent(c.sector ?? c.client_id)}`,
  };
}

/** A state or nonce shorter than FranceConnect's minimum is refused with invalid_request. */
function longRandom(name: 'state' | 'nonce') {
  return (_ctx: unknown, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0) {
      throw new errors.InvalidRequest(`"${name}" is required`);
    }
    if (value.length < MIN_RANDOM_LENGTH) {
      throw new errors.InvalidRequest(
        `"${name}" must have ${MIN_RANDOM_LENGTH} characters at least, got ${value.length}`,
      );
    }
  };
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
  const sectors = new Map(options.clients.map((c) => [c.client_id, c.sector ?? c.client_id]));
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

  const policy = interactionPolicy.base();
  // A session whose level is below what this request asks for logs in again (step-up).
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'eidas_level',
      'the requested eIDAS level is above the level of the current session',
      'login_required',
      (ctx: KoaContextWithOIDC) => {
        const { session } = ctx.oidc;
        const asked = parseAcrValues(ctx.oidc.params?.['acr_values'] as string | undefined);
        // No session: no_session asks for a login already. A bad acr_values is refused earlier.
        if (!session?.accountId || !asked.ok) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const acr = session.acr;
        if (!isEidasLevel(acr)) return interactionPolicy.Check.REQUEST_PROMPT;
        return satisfies(acr, asked.minimum)
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
  );

  const configuration: Configuration = {
    adapter: memoryStore(now).adapter,
    clients: options.clients.map(clientMetadata),
    jwks: { keys: secrets.jwks },
    async findAccount(_ctx, id) {
      const citizen = byHandle.get(id);
      if (!citizen) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...citizen.identity };
        },
      };
    },
    claims: SCOPE_CLAIMS,
    scopes: SCOPES,
    acrValues: [...EIDAS_LEVELS],
    subjectTypes: ['pairwise'],
    async pairwiseIdentifier(_ctx, accountId, client) {
      return pairwiseSub(
        secrets.pairwiseSecret,
        sectors.get(client.clientId) ?? client.clientId,
        accountId,
      );
    },
    sectorIdentifierUriValidate: () => false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    enabledJWA: {
      idTokenSigningAlgValues: [...SIGNING_ALGS],
      userinfoSigningAlgValues: [...SIGNING_ALGS],
    },
    // FranceConnect's service providers send no PKCE; a client may still send it.
    pkce: { required: () => false },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const client = ctx.oidc.client;
          const lang = langOf(ctx.req);
          ctx.type = 'html';
          ctx.body = logoutPage(lang, client?.clientName ?? client?.clientId ?? ctx.host, form);
        },
        async postLogoutSuccessSource(ctx) {
          const lang = langOf(ctx.req);
          const w = WORDS[lang].logout;
          ctx.type = 'html';
          ctx.body = messagePage(lang, w.done, [w.doneText]);
        },
      },
    },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      jwks: '/jwks',
      end_session: '/session/end',
    },
    extraParams: {
      state: longRandom('state'),
      nonce: longRandom('nonce'),
      acr_values(_ctx: unknown, value: unknown) {
        const parsed = parseAcrValues(typeof value === 'string' ? value : undefined);
        if (!parsed.ok) throw new errors.InvalidRequest(parsed.reason);
      },
      // FranceConnect answers in the query only: form_post would need a script, fragment a page.
      response_mode(_ctx: unknown, value: unknown) {
        if (value !== undefined && value !== 'query') {
          throw new errors.InvalidRequest('"response_mode" must be query (or left out)');
        }
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${interactionBase}${interaction.uid}`,
      policy,
    },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      // FranceConnect's access tokens live 60 s; the rest is short for a demo's sign-in.
      AccessToken: 60,
      AuthorizationCode: 60,
      IdToken: 60,
      Interaction: 10 * 60,
      Grant: 60 * 60,
      Session: 60 * 60,
    },
    conformIdTokenClaims: true,
    async renderError(ctx, out) {
      const lang = langOf(ctx.req);
      const w = WORDS[lang].errors;
      ctx.type = 'html';
      ctx.body = messagePage(
        lang,
        w.title,
        [w.protocol, String(out['error_description'] ?? '')],
        undefined,
        String(out['error'] ?? 'invalid_request'),
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  // Koa would print every 500 with its request; ours are reported without request data.
  provider.silent = true;
  provider.on('server_error', (_ctx: unknown, error: unknown) => onError(error));

  provider.use(async (ctx, next) => {
    for (const [k, v] of Object.entries(headers)) ctx.set(k, v);
    // FranceConnect answers a malformed authorize request with an error page, and requires
    // id_token_hint on session/end. (A response_mode other than query would otherwise carry the
    // error back in that mode.)
    const refusal =
      ctx.method !== 'GET'
        ? undefined
        : ctx.path === '/authorize' &&
            ctx.query['response_mode'] !== undefined &&
            ctx.query['response_mode'] !== 'query'
          ? '"response_mode" must be query (or left out)'
          : ctx.path === '/session/end' && !ctx.query['id_token_hint']
            ? '"id_token_hint" is required'
            : undefined;
    if (refusal !== undefined) {
      const lang = langOf(ctx.req);
      const w = WORDS[lang].errors;
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = messagePage(lang, w.title, [w.protocol, refusal], undefined, 'invalid_request');
      return;
    }
    await next();
  });
  const providerCallback = provider.callback();

  function html(res: ServerResponse, status: number, body: string): void {
    send(res, status, 'text/html; charset=utf-8', body, {
      ...headers,
      'Cache-Control': 'no-store',
    });
  }

  function message(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    pick: (w: (typeof WORDS)['fr']) => { title: string; text: string[] },
  ): void {
    const lang = langOf(req);
    const { title, text } = pick(WORDS[lang]);
    html(res, status, messagePage(lang, title, text));
  }

  /** The interaction of this request, or a 400 page when it expired or is not this one. */
  async function interactionOf(req: IncomingMessage, res: ServerResponse, uid: string) {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      return details;
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        message(req, res, 400, (w) => ({
          title: w.errors.expired,
          text: [w.errors.expiredHelp],
        }));
        return undefined;
      }
      throw error;
    }
  }

  async function clientName(clientId: unknown): Promise<string> {
    const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
    return client?.clientName ?? client?.clientId ?? String(clientId);
  }

  type Details = Awaited<ReturnType<typeof provider.interactionDetails>>;

  async function renderLogin(
    req: IncomingMessage,
    res: ServerResponse,
    details: Details,
    status: number,
    state: { chosen?: string; error?: { kind: 'none' } | { kind: 'level'; citizen: Citizen } },
  ): Promise<void> {
    const lang = langOf(req, details.params['ui_locales']);
    const asked = parseAcrValues(details.params['acr_values'] as string | undefined);
    const base = `${interactionBase}${details.uid}`;
    html(
      res,
      status,
      loginPage({
        lang,
        action: `${base}/login`,
        abortAction: `${base}/abort`,
        switchHref: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`,
        service: await clientName(details.params['client_id']),
        required: asked.ok ? asked.minimum : 'eidas1',
        citizens,
        levelTooLowBefore: details.prompt.reasons.includes('eidas_level'),
        ...state,
      }),
    );
  }

  async function renderConsent(
    req: IncomingMessage,
    res: ServerResponse,
    details: Details,
  ): Promise<void> {
    const lang = langOf(req, details.params['ui_locales']);
    const citizen = byHandle.get(details.session?.accountId ?? '');
    const acr = details.session?.acr;
    if (!citizen || !isEidasLevel(acr)) throw new Error('consent without a signed-in citizen');
    const base = `${interactionBase}${details.uid}`;
    const scope = String(details.params['scope'] ?? '').split(' ');
    const missingClaims =
      (details.prompt.details['missingOIDCClaims'] as string[] | undefined) ?? [];
    html(
      res,
      200,
      consentPage({
        lang,
        action: `${base}/consent`,
        abortAction: `${base}/abort`,
        switchHref: `${base}?lang=${lang === 'fr' ? 'en' : 'fr'}`,
        service: await clientName(details.params['client_id']),
        citizen,
        level: acr,
        claims: claimsForScopes([
          ...scope,
          ...missingClaims.filter((c) => (IDENTITY_CLAIMS as readonly string[]).includes(c)),
        ]),
      }),
    );
  }

  async function showInteraction(req: IncomingMessage, res: ServerResponse, uid: string) {
    const query = new URL(req.url ?? '/', 'http://idp').searchParams;
    const lang = query.get('lang');
    if (isLang(lang)) {
      res.setHeader(
        'Set-Cookie',
        `${LANG_COOKIE}=${lang}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`,
      );
      // This request already speaks it.
      req.headers.cookie = `${LANG_COOKIE}=${lang}; ${req.headers.cookie ?? ''}`;
    }
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name === 'login') return renderLogin(req, res, details, 200, {});
    if (details.prompt.name === 'consent') return renderConsent(req, res, details);
    throw new Error(`unexpected prompt ${details.prompt.name}`);
  }

  async function submitLogin(req: IncomingMessage, res: ServerResponse, uid: string) {
    const form = await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name !== 'login') {
      // Already signed in (a second tab, a back button): show the step that is pending.
      res.statusCode = 303;
      res.setHeader('Location', `${interactionBase}${uid}`);
      res.end();
      return;
    }
    const handle = form.get('citizen') ?? '';
    const citizen = byHandle.get(handle);
    if (!citizen) return renderLogin(req, res, details, 400, { error: { kind: 'none' } });
    const asked = parseAcrValues(details.params['acr_values'] as string | undefined);
    const required: EidasLevel = asked.ok ? asked.minimum : 'eidas1';
    if (!satisfies(citizen.eidasMax, required)) {
      return renderLogin(req, res, details, 400, {
        chosen: handle,
        error: { kind: 'level', citizen },
      });
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: citizen.handle, acr: citizen.eidasMax, remember: false } },
      { mergeWithLastSubmission: false },
    );
  }

  async function submitConsent(req: IncomingMessage, res: ServerResponse, uid: string) {
    await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    if (details.prompt.name !== 'consent') {
      res.statusCode = 303;
      res.setHeader('Location', `${interactionBase}${uid}`);
      res.end();
      return;
    }
    const accountId = details.session?.accountId;
    const clientId = details.params['client_id'];
    if (accountId === undefined || typeof clientId !== 'string') {
      throw new Error('consent without a session or a client');
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId });
    if (!grant) throw new errors.SessionNotFound('grant not found');
    const missingScope = details.prompt.details['missingOIDCScope'] as string[] | undefined;
    const missingClaims = details.prompt.details['missingOIDCClaims'] as string[] | undefined;
    if (missingScope) grant.addOIDCScope(missingScope.join(' '));
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  async function abort(req: IncomingMessage, res: ServerResponse, uid: string) {
    await readForm(req);
    const details = await interactionOf(req, res, uid);
    if (!details) return;
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
  }

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
        return showInteraction(req, res, uid);
      }
      if (method === 'POST' && action === 'login') return submitLogin(req, res, uid);
      if (method === 'POST' && action === 'consent') return submitConsent(req, res, uid);
      if (method === 'POST' && action === 'abort') return abort(req, res, uid);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { citizenFieldId };
