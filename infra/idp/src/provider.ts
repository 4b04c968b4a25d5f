// oidc-provider configured as FranceConnect v2 is: the endpoints' names, eIDAS acr values,
// state and nonce checks, code flow only, client_secret_post/basic, pairwise subjects, the pivot
// identity's scopes and claims, userinfo as a JWT, RP-initiated logout; its own pages (sign-out,
// errors) in our frame; the interactions at <issuer>/interaction/<uid> (src/interactions.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { Agent } from './domain/agents.ts';
import { parseAccountId, type Audience } from './domain/audience.ts';
import type { Citizen } from './domain/citizens.ts';
import { agentClaims, ALL_SCOPE_CLAIMS } from './domain/claims.ts';
import { EIDAS_LEVELS, isEidasLevel, parseAcrValues, satisfies } from './domain/eidas.ts';
import { pairwiseSub } from './domain/pairwise.ts';
import { SIGNING_ALGS, type IdpSecrets } from './keys.ts';
import { audienceOf, clientMetadata, type IdpClient } from './options.ts';
import { WORDS, type Lang } from './pages/i18n.ts';
import { logoutPage, messagePage } from './pages/messages.ts';
import { memoryStore } from './store.ts';

const MIN_RANDOM_LENGTH = 32;

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

export interface ProviderSetup {
  issuer: string;
  behindProxy: boolean;
  clients: readonly IdpClient[];
  citizens: ReadonlyMap<string, Citizen>;
  agents: ReadonlyMap<string, Agent>;
  secrets: IdpSecrets;
  interactionBase: string;
  /** Security headers of every answer, the CSP among them. */
  headers: Readonly<Record<string, string>>;
  now: () => number;
  onError: (error: unknown) => void;
  langOf: (req: IncomingMessage, ...more: unknown[]) => Lang;
}

export function createProvider(setup: ProviderSetup): Provider {
  const { issuer, secrets, interactionBase, headers, now, onError, langOf } = setup;
  const byHandle = setup.citizens;
  const sectors = new Map(setup.clients.map((c) => [c.client_id, c.sector ?? c.client_id]));
  const audiences = new Map(setup.clients.map((c) => [c.client_id, audienceOf(c)]));
  const clientAudience = (ctx: KoaContextWithOIDC | undefined): Audience | undefined => {
    const id = ctx?.oidc?.client?.clientId;
    return id === undefined ? undefined : audiences.get(id);
  };

  const policy = interactionPolicy.base();
  // A session opened for the other audience (a citizen signed in for the portal, now at the
  // console's sign-in, or the reverse) is no session here: the login is asked for again, with
  // this client's accounts only. findAccount below never answers across audiences either.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'audience',
      'the current session is for the other audience',
      'login_required',
      (ctx: KoaContextWithOIDC) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        return parseAccountId(accountId).audience === clientAudience(ctx)
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
    0,
  );
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
    clients: setup.clients.map(clientMetadata),
    jwks: { keys: secrets.jwks },
    async findAccount(ctx, id) {
      const { audience, handle } = parseAccountId(id);
      // Asked by a client of the other audience: no such account, whatever the session says.
      const asking = clientAudience(ctx);
      if (asking !== undefined && asking !== audience) return undefined;
      if (audience === 'agents') {
        const agent = setup.agents.get(handle);
        if (!agent) return undefined;
        return {
          accountId: id,
          async claims() {
            return { sub: id, ...agentClaims(agent) };
          },
        };
      }
      const citizen = byHandle.get(handle);
      if (!citizen) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...citizen.identity };
        },
      };
    },
    claims: ALL_SCOPE_CLAIMS,
    scopes: Object.keys(ALL_SCOPE_CLAIMS),
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
  // Behind a proxy (an issuer whose origin is not where we listen), its X-Forwarded-* headers
  // say the scheme and host the browser used: cookies get Secure, URLs the right origin.
  provider.proxy = setup.behindProxy;
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
  return provider;
}
