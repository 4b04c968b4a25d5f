// The relying party's basics (openid-client 6), whichever provider the discovery document names:
// FranceConnect's shape for the portal, ProConnect's for the console, the local provider
// (infra/idp) or the real ones by configuration only. Code flow; state and nonce of 43 random
// characters; PKCE (S256) when the provider offers it and the face wants it; the id_token and the
// userinfo JWT verified against the provider's jwks_uri (non-repudiation checks); RP-initiated
// logout with id_token_hint. What the claims mean (a level, a role) is the face's to judge.
import * as client from 'openid-client';
import type { LoginRequest } from './session.ts';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  clientAuth: 'client_secret_post' | 'client_secret_basic';
  /** The algorithm the provider signs the id_token and userinfo with for this client. */
  signingAlg?: 'ES256' | 'RS256';
}

export interface RelyingPartyOptions extends OidcOptions {
  /** The scopes asked for, `openid` first. */
  scope: string;
  /** Use PKCE when the discovery document offers S256. Default true. */
  pkce?: boolean;
}

export interface SignedIn {
  /** The provider's (pairwise) sub. */
  sub: string;
  /** The id_token's acr, as the provider wrote it. */
  acr: unknown;
  idToken: string;
  /** The userinfo claims, verified. */
  claims: Record<string, unknown>;
}

export class LoginError extends Error {
  override readonly name = 'LoginError';
  /** access_denied and the like: the visitor cancelled or the provider refused. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface BaseRelyingParty {
  readonly issuerOrigin: string;
  /** Whether a sign-in carries a PKCE code verifier. */
  readonly usesPkce: boolean;
  /** A new state, nonce (and code verifier): what the session keeps until the callback. */
  newLogin(): LoginRequest;
  authorizationUrl(login: LoginRequest, params?: Record<string, string>): Promise<URL>;
  /** The callback URL as received; throws LoginError when it cannot be a sign-in. */
  callback(currentUrl: URL, expected: LoginRequest): Promise<SignedIn>;
  endSessionUrl(p: { idToken: string; state: string }): URL;
}

export async function baseRelyingParty(o: RelyingPartyOptions): Promise<BaseRelyingParty> {
  const alg = o.signingAlg ?? 'ES256';
  const insecure = new URL(o.issuer).protocol === 'http:';
  const config = await client.discovery(
    new URL(o.issuer),
    o.clientId,
    { id_token_signed_response_alg: alg, userinfo_signed_response_alg: alg },
    o.clientAuth === 'client_secret_basic'
      ? client.ClientSecretBasic(o.clientSecret)
      : client.ClientSecretPost(o.clientSecret),
    // The local provider speaks plain http on 127.0.0.1; the real ones are https.
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  // Verify the signatures of the id_token and of the userinfo JWT with the provider's keys.
  client.enableNonRepudiationChecks(config);
  // ProConnect refuses any parameter it does not list: send PKCE only where it is offered.
  const usesPkce =
    (o.pkce ?? true) &&
    (config.serverMetadata().code_challenge_methods_supported ?? []).includes('S256');

  return {
    issuerOrigin: new URL(config.serverMetadata().issuer).origin,
    usesPkce,
    newLogin() {
      return {
        state: client.randomState(),
        nonce: client.randomNonce(),
        ...(usesPkce ? { codeVerifier: client.randomPKCECodeVerifier() } : {}),
      };
    },
    async authorizationUrl(login, params = {}) {
      const pkce = login.codeVerifier
        ? {
            code_challenge: await client.calculatePKCECodeChallenge(login.codeVerifier),
            code_challenge_method: 'S256',
          }
        : {};
      return client.buildAuthorizationUrl(config, {
        redirect_uri: o.redirectUri,
        scope: o.scope,
        state: login.state,
        nonce: login.nonce,
        ...pkce,
        ...params,
      });
    },
    async callback(currentUrl, expected) {
      const error = currentUrl.searchParams.get('error');
      if (error) throw new LoginError(error, `the provider answered ${error}`);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(
          config,
          // Only the code and the state: the redirect URI registered is the one compared.
          new URL(`${o.redirectUri}?${currentUrl.searchParams.toString()}`),
          {
            expectedState: expected.state,
            expectedNonce: expected.nonce,
            idTokenExpected: true,
            ...(expected.codeVerifier ? { pkceCodeVerifier: expected.codeVerifier } : {}),
          },
        );
      } catch (err) {
        throw new LoginError('invalid_callback', 'the code could not be exchanged', { cause: err });
      }
      const idClaims = tokens.claims();
      const idToken = tokens.id_token;
      if (!idClaims || !idToken) throw new LoginError('invalid_callback', 'no id_token');
      let claims: Record<string, unknown>;
      try {
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) };
      } catch (err) {
        throw new LoginError('userinfo', 'userinfo could not be read or verified', { cause: err });
      }
      return { sub: idClaims.sub, acr: idClaims['acr'], idToken, claims };
    },
    endSessionUrl({ idToken, state }) {
      return client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: o.postLogoutRedirectUri,
        state,
      });
    },
  };
}
