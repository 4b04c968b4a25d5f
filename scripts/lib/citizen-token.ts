// The demo's citizen access tokens, signed with the portal's key from the keys folder, exactly as
// the portal signs them for a signed-in citizen (ES256, aud the service, acr eidas1): the consent
// service and the notifier run in their default configuration, without the development issuer.
import { CITIZEN_AUDIENCES } from '@relais/consent/auth';
import { asPseudonym } from '@relais/identity';
import { systemClock } from '@relais/kit';
import { tokenSigner } from '@relais/portal';

export async function citizenTokens(
  keysDir: string,
  portalPseudonym: string,
): Promise<{ consent: string; notifier: string }> {
  const signer = await tokenSigner(keysDir, systemClock);
  const pseudonym = asPseudonym(portalPseudonym);
  return {
    consent: await signer.sign({ pseudonym, acr: 'eidas1', audience: CITIZEN_AUDIENCES.consent }),
    notifier: await signer.sign({ pseudonym, acr: 'eidas1', audience: CITIZEN_AUDIENCES.notifier }),
  };
}
