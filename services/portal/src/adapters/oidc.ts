// The relying party in FranceConnect v2's shape, on @relais/web's basics (code flow, state and
// nonce, id_token and userinfo JWT verified, RP-initiated logout), whichever provider the
// discovery document names — the local one (infra/idp) or FranceConnect's integration
// environment, by configuration only. The portal asks for the identité pivot at an eIDAS level
// and checks the acr against it. No PKCE: FranceConnect's service providers send none.
import { baseRelyingParty, LoginError, type OidcOptions } from '@relais/web';
import { isEidasLevel, reaches, type EidasLevel } from '../domain/levels.ts';

export { LoginError, type OidcOptions } from '@relais/web';

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

export interface RelyingParty {
  readonly issuerOrigin: string;
  authorizationUrl(p: { state: string; nonce: string; acr: EidasLevel }): Promise<URL>;
  /** The callback URL as received; throws LoginError when it cannot be a sign-in. */
  callback(
    currentUrl: URL,
    expected: { state: string; nonce: string; acr: EidasLevel },
  ): Promise<SignedIn>;
  endSessionUrl(p: { idToken: string; state: string }): URL;
}

export async function relyingParty(o: OidcOptions): Promise<RelyingParty> {
  const rp = await baseRelyingParty({ ...o, scope: SCOPE, pkce: false });
  return {
    issuerOrigin: rp.issuerOrigin,
    authorizationUrl: ({ state, nonce, acr }) =>
      rp.authorizationUrl({ state, nonce }, { acr_values: acr }),
    async callback(currentUrl, expected) {
      const signedIn = await rp.callback(currentUrl, expected);
      const acr = signedIn.acr;
      if (!isEidasLevel(acr) || !reaches(acr, expected.acr))
        throw new LoginError('acr', `the sign-in reached ${String(acr)}, ${expected.acr} asked`);
      return { ...signedIn, acr };
    },
    endSessionUrl: (p) => rp.endSessionUrl(p),
  };
}
