// The counter's relying party, ProConnect-shaped (dec-029, dec-039), on @relais/web's basics: the
// code flow with state, nonce and PKCE when offered, the id_token and userinfo JWT verified,
// RP-initiated logout. It asks for the agent's name and Relais roles (with the structure), never
// the e-mail, uid or SIRET, at `eidas1`; whether they may enter is the domain's call (agent.ts).
import { baseRelyingParty, type BaseRelyingParty, type OidcOptions } from '@relais/web';

export { LoginError, type OidcOptions } from '@relais/web';

export const COUNTER_SCOPE = 'openid given_name usual_name relais_roles';

export type CounterRelyingParty = BaseRelyingParty;

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
