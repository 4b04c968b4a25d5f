// The console's relying party, in ProConnect's shape (dec-029), on @relais/web's basics: the code
// flow with state, nonce and PKCE when the provider offers it, the id_token and userinfo JWT
// verified, RP-initiated logout. It asks for what the pages need and no more — the agent's name,
// unit and Relais roles, never the e-mail, uid or SIRET — at `eidas1`, the level ProConnect's
// service providers ask; whether the roles let the agent in is the domain's call (operator.ts).
import { baseRelyingParty, LoginError, type BaseRelyingParty, type OidcOptions } from '@relais/web';

export { LoginError, type OidcOptions } from '@relais/web';

/** ProConnect's scopes for the name and unit, and Relais' roles (agents' audience only). */
export const CONSOLE_SCOPE = 'openid given_name usual_name organizational_unit relais_roles';

const LEVELS = ['eidas1', 'eidas2', 'eidas3'];

export type ConsoleRelyingParty = BaseRelyingParty;

export async function consoleRelyingParty(
  o: OidcOptions & { acr?: 'eidas1' | 'eidas2' | 'eidas3' },
): Promise<ConsoleRelyingParty> {
  const acr = o.acr ?? 'eidas1';
  const rp = await baseRelyingParty({ ...o, scope: CONSOLE_SCOPE });
  return {
    ...rp,
    newLogin: () => rp.newLogin(),
    authorizationUrl: (login, params = {}) =>
      rp.authorizationUrl(login, { acr_values: acr, ...params }),
    async callback(currentUrl, expected) {
      const signedIn = await rp.callback(currentUrl, expected);
      const reached = typeof signedIn.acr === 'string' ? LEVELS.indexOf(signedIn.acr) : -1;
      if (reached < LEVELS.indexOf(acr)) {
        throw new LoginError('acr', `the sign-in reached ${String(signedIn.acr)}, ${acr} asked`);
      }
      return signedIn;
    },
    endSessionUrl: (p) => rp.endSessionUrl(p),
  };
}
