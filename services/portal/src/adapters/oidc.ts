// The relying party (openid-client 6): FranceConnect v2's shape, whichever provider the discovery
// document names — the local one (infra/idp) or FranceConnect's integration environment, by
// configuration only. Code flow; state and nonce of 43 random characters; the id_token and the
// userinfo JWT verified against the provider's jwks_uri (non-repudiation checks); the acr checked
// against the level asked; RP-initiated logout with id_token_hint.
import * as client from 'openid-client';
import { isEidasLevel, reaches, type EidasLevel } from '../domain/levels.ts';

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

/** FranceConnect's scopes for the identité pivot (given names … birth country). */
export const SCOPE = 'openid identite_pivot';

export interface SignedIn {
  /** The provider's pairwise sub (not Relais' pseudonym). */
  sub: string;
  acr: EidasLevel;
  idToken: string;
  /** The userinfo claims, verified (the identité pivot). */
  claims: Record<string, unknown>;
}

export class LoginError extends Error {
  override readonly name = 'LoginError';
  /** access_denied and the like: the citizen cancelled or the provider refused. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface RelyingParty {
  readonly issuerOrigin: string;
  authorizationUrl(p: { state: string; nonce: string; acr: EidasLevel }): URL;
  /** The callback URL as received; throws LoginError when it cannot be a sign-in. */
  callback(
    currentUrl: URL,
    expected: { state: string; nonce: string; acr: EidasLevel },
  ): Promise<SignedIn>;
  endSessionUrl(p: { idToken: string; state: string }): URL;
}

export async function relyingParty(o: OidcOptions): Promise<RelyingParty> {
  const alg = o.signingAlg ?? 'ES256';
  const insecure = new URL(o.issuer).protocol === 'http:';
  const config = await client.discovery(
    new URL(o.issuer),
    o.clientId,
    { id_token_signed_response_alg: alg, userinfo_signed_response_alg: alg },
    o.clientAuth === 'client_secret_basic'
      ? client.ClientSecretBasic(o.clientSecret)
      : client.ClientSecretPost(o.clientSecret),
    // The local provider speaks plain http on 127.0.0.1; FranceConnect is https.
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  // Verify the signatures of the id_token and of the userinfo JWT with the provider's keys.
  client.enableNonRepudiationChecks(config);

  return {
    issuerOrigin: new URL(config.serverMetadata().issuer).origin,
    authorizationUrl({ state, nonce, acr }) {
      return client.buildAuthorizationUrl(config, {
        redirect_uri: o.redirectUri,
        scope: SCOPE,
        acr_values: acr,
        state,
        nonce,
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
          { expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true },
        );
      } catch (err) {
        throw new LoginError('invalid_callback', 'the code could not be exchanged', { cause: err });
      }
      const idClaims = tokens.claims();
      const idToken = tokens.id_token;
      if (!idClaims || !idToken) throw new LoginError('invalid_callback', 'no id_token');
      const acr = idClaims['acr'];
      if (!isEidasLevel(acr) || !reaches(acr, expected.acr))
        throw new LoginError('acr', `the sign-in reached ${String(acr)}, ${expected.acr} asked`);
      let claims: Record<string, unknown>;
      try {
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) };
      } catch (err) {
        throw new LoginError('userinfo', 'userinfo could not be read or verified', { cause: err });
      }
      return { sub: idClaims.sub, acr, idToken, claims };
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
