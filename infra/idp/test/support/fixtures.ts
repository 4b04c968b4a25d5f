// A provider on a free port with four service providers, and openid-client as their relying
// party: `portal` and `caf` are two sectors, `portal-mobile` shares the portal's sector; `console`
// is of the agents' audience (ProConnect's shape).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { startIdp, type Idp, type IdpClient } from '../../src/index.ts';

export const RP = 'http://rp.localhost:4100';
export const CAF = 'http://caf.localhost:4200';
export const CONSOLE = 'http://console.localhost:4300';

export const clients = {
  portal: {
    client_id: 'relais-portal',
    client_secret: 'portal-secret-0123456789abcdef0123456789',
    client_name: 'Portail Relais',
    redirect_uris: [`${RP}/auth/callback`],
    post_logout_redirect_uris: [`${RP}/signed-out`],
    sector: 'portal',
  },
  portalMobile: {
    client_id: 'relais-portal-mobile',
    client_secret: 'mobile-secret-0123456789abcdef0123456789',
    client_name: 'Portail Relais (mobile)',
    redirect_uris: [`${RP}/mobile/callback`],
    sector: 'portal',
    token_endpoint_auth_method: 'client_secret_basic',
    signing_alg: 'RS256',
  },
  caf: {
    client_id: 'caf-espace-allocataire',
    client_secret: 'caf-secret-0123456789abcdef0123456789abc',
    client_name: 'CAF — espace allocataire',
    redirect_uris: [`${CAF}/oidc-callback`],
    post_logout_redirect_uris: [`${CAF}/`],
    sector: 'family',
  },
  console: {
    client_id: 'relais-console',
    client_secret: 'console-secret-0123456789abcdef0123456789',
    client_name: 'Console Relais',
    redirect_uris: [`${CONSOLE}/auth/callback`],
    post_logout_redirect_uris: [`${CONSOLE}/signed-out`],
    sector: 'console',
    audience: 'agents',
  },
} satisfies Record<string, IdpClient>;

export interface TestIdp {
  idp: Idp;
  keysDir: string;
  errors: unknown[];
  stop(): Promise<void>;
}

export async function startTestIdp(keysDir?: string): Promise<TestIdp> {
  const dir = keysDir ?? mkdtempSync(path.join(tmpdir(), 'relais-idp-'));
  const errors: unknown[] = [];
  const idp = await startIdp({
    clients: Object.values(clients),
    keysDir: dir,
    onError: (e) => errors.push(e),
  });
  return {
    idp,
    keysDir: dir,
    errors,
    stop: async () => {
      await idp.close();
      if (keysDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The relying party's configuration, from the provider's discovery document. */
export async function relyingParty(idp: Idp, c: IdpClient): Promise<client.Configuration> {
  const auth =
    c.token_endpoint_auth_method === 'client_secret_basic'
      ? client.ClientSecretBasic(c.client_secret)
      : client.ClientSecretPost(c.client_secret);
  const alg = c.signing_alg ?? 'ES256';
  const config = await client.discovery(
    new URL(idp.issuer),
    c.client_id,
    { id_token_signed_response_alg: alg, userinfo_signed_response_alg: alg },
    auth,
    { execute: [client.allowInsecureRequests] },
  );
  // Verify the signatures of the id_token and the userinfo JWT against the provider's jwks.
  client.enableNonRepudiationChecks(config);
  return config;
}

export interface AuthorizeRequest {
  url: URL;
  state: string;
  nonce: string;
  redirectUri: string;
}

export function authorizeRequest(
  config: client.Configuration,
  c: IdpClient,
  params: Record<string, string> = {},
): AuthorizeRequest {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const redirectUri = c.redirect_uris[0]!;
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid identite_pivot email preferred_username',
    acr_values: 'eidas1',
    state,
    nonce,
    ...params,
  });
  return { url, state, nonce, redirectUri };
}

import { Browser, formOf, type Page } from './browser.ts';

/** A browser that stops when the provider sends it back to a relying party. */
export function browser(): Browser {
  return new Browser((url) => [RP, CAF, CONSOLE].includes(url.origin));
}

/**
 * Authorize → login page → pick `handle` → consent page → accept → back at the relying party.
 * Answers the callback URL and the pages seen on the way.
 */
export async function signIn(
  b: Browser,
  authorizeUrl: URL,
  handle: string,
): Promise<{ callback: URL; login: Page; consent: Page | undefined }> {
  const login = await b.follow(authorizeUrl.href);
  if (login.status !== 200) throw new Error(`login page answered ${login.status}: ${login.body}`);
  const form = formOf(login.body, 'Se connecter');
  let next = await b.follow(new URL(form.action, login.url).href, { form: { citizen: handle } });
  let consent: Page | undefined;
  if (next.status === 200) {
    consent = next;
    const accept = formOf(next.body, 'Transmettre et continuer');
    next = await b.follow(new URL(accept.action, next.url).href, { form: {} });
  }
  if (next.status < 300 || next.status >= 400) {
    throw new Error(`expected a redirect to the relying party, got ${next.status}: ${next.body}`);
  }
  return { callback: new URL(next.url), login, consent };
}
