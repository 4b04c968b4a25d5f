// The counter's relying party, ProConnect-shaped (dec-029, dec-039), on @relais/web's basics: the
// code flow with state, nonce and PKCE when offered, the id_token and userinfo JWT verified,
// RP-initiated logout. It asks for the agent's name and Relais roles (with the structure), never
// the e-mail, uid or SIRET, at `eidas1`; whether they may enter is the domain's call (agent.ts).
import { baseRelyingParty, type BaseRelyingParty, type OidcOptions } from '@relais/web';

export { LoginError, type OidcOptions } from '@relais/web';

export const COUNTER_SCOPE = 'openid given_name usual_name relais_roles';

export type CounterRelyingParty = BaseRelyingParty;

/** The identité pivot, to find the citizen who signs in to confirm a mandate (dec-040). */
export const CITIZEN_SCOPE = 'openid identite_pivot';

/**
 * The citizens' relying party, FranceConnect-shaped (no PKCE, as FranceConnect): a citizen
 * confirms a new mandate by signing in once on the agent's screen, at any eIDAS level, always
 * afresh (`prompt=login`: never a session the browser already had).
 */
export async function citizenRelyingParty(o: OidcOptions): Promise<CounterRelyingParty> {
  const rp = await baseRelyingParty({ ...o, scope: CITIZEN_SCOPE, pkce: false });
  return {
    ...rp,
    newLogin: () => rp.newLogin(),
    authorizationUrl: (login, params = {}) =>
      rp.authorizationUrl(login, { acr_values: 'eidas1', prompt: 'login', ...params }),
    callback: (currentUrl, expected) => rp.callback(currentUrl, expected),
    endSessionUrl: (p) => rp.endSessionUrl(p),
  };
}

export async function counterRelyingParty(o: OidcOptions): Promise<CounterRelyingParty> {
  const rp = await baseRelyingParty({ ...o, scope: COUNTER_SCOPE });
  return {
    ...rp,
    newLogin: () => rp.newLogin(),
    authorizationUrl: (login, params = {}) =>
      rp.authorizationUrl(login, { acr_values: 'eidas1', ...params }),
    callback: (currentUrl, expected) => rp.callback(currentUrl, expected),
    endSessionUrl: (p) => rp.endSessionUrl(p),
  };
}
