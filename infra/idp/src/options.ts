// What startIdp is given and answers, and the service providers checked and turned into
// oidc-provider client metadata.
import type { ClientMetadata } from 'oidc-provider';
import type { Agent } from './domain/agents.ts';
import { AUDIENCES, type Audience } from './domain/audience.ts';
import type { Citizen } from './domain/citizens.ts';
import { AGENT_SCOPES, SCOPES } from './domain/claims.ts';
import { SIGNING_ALGS, type SigningAlg } from './keys.ts';

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
  /**
   * Whom this client signs in: `citizens` (default; FranceConnect's shape, the demo citizens) or
   * `agents` (ProConnect's shape, the demo agents, and the `relais_roles` scope). One audience per
   * client: an account of the other never appears on its login page, and is refused if posted.
   */
  audience?: Audience;
}

export interface IdpOptions {
  clients: readonly IdpClient[];
  /** Where the signing keys and the pairwise secret live; created on first start. */
  keysDir: string;
  /** The demo accounts. Default: read from `citizensFile`. */
  citizens?: readonly Citizen[];
  /** Default: the repository's infra/citizens/citizens.yaml. */
  citizensFile?: string;
  /** The demo agents. Default: read from `agentsFile`. */
  agents?: readonly Agent[];
  /** Default: the repository's infra/agents/agents.yaml. */
  agentsFile?: string;
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
  agents: readonly Agent[];
  close(): Promise<void>;
}

export class IdpOptionsError extends Error {
  override name = 'IdpOptionsError';
}

export function checkClients(clients: readonly IdpClient[]): void {
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
    if (c.audience !== undefined && !AUDIENCES.includes(c.audience)) {
      throw new IdpOptionsError(`${at}: audience must be citizens or agents`);
    }
  }
}

/** The origins forms may send the browser to: every registered redirect. */
export function origins(clients: readonly IdpClient[]): string[] {
  const set = new Set<string>();
  for (const c of clients) {
    for (const uri of [...c.redirect_uris, ...(c.post_logout_redirect_uris ?? [])]) {
      set.add(new URL(uri).origin);
    }
  }
  return [...set];
}

export const audienceOf = (c: IdpClient): Audience => c.audience ?? 'citizens';

export function clientMetadata(c: IdpClient): ClientMetadata {
  const alg = c.signing_alg ?? 'ES256';
  return {
    // The scopes this client may ask for: its audience's table only (FranceConnect's or
    // ProConnect's and relais_roles); any other is refused with invalid_scope.
    scope: (audienceOf(c) === 'agents' ? AGENT_SCOPES : SCOPES).join(' '),
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
