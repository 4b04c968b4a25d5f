// The citizen's side of the demo, through the portal's own HTTP routes as a browser without
// JavaScript would go: Camille signs in the FranceConnect way (the local identity provider),
// lands home, sees who received her data and checks one proof, reads her notice, changes her
// preferences, is asked to sign in again at eidas2 before withdrawing everything, and signs out.
import { textOf, WebClient, type WebPage } from '../lib/web-client.ts';

const say = (line: string): void => console.log(`  ${line}`);

export interface PortalDemoDeps {
  portalUrl: string;
  idpUrl: string;
}

async function signInAtProvider(web: WebClient, start: WebPage, account: string): Promise<WebPage> {
  let page = await web.submit(start, 'Se connecter', { citizen: account });
  if (page.body.includes('Transmettre et continuer'))
    page = await web.submit(page, 'Transmettre et continuer');
  return page;
}

export async function playPortal(deps: PortalDemoDeps): Promise<void> {
  const web = new WebClient();
  const portal = deps.portalUrl;
  console.log(`\n— Camille signs in to the portal (${portal}) the FranceConnect way, at eidas1`);
  const welcome = await web.go(portal);
  say(`${textOf(welcome.body, /<h1>([\s\S]*?)<\/h1>/)} — "S’identifier avec FranceConnect"`);
  const login = await web.go(`${portal}/login`);
  say(`the identity provider (${deps.idpUrl}) shows its demo accounts; she picks Camille Martin`);
  const home = await signInAtProvider(web, login, 'camille');
  if (!home.url.startsWith(portal) || home.status !== 200) {
    say(`sign-in did not come back to the portal (${home.status}); see the portal's log`);
    return;
  }
  say(
    `${textOf(home.body, /<h1>([\s\S]*?)<\/h1>/)}: linked by the keyed hash of her identité pivot (no NIR), session cookie HttpOnly, SameSite=Lax`,
  );
  for (const li of home.body.match(
    /<li><a href="\/(notices|access-log|consents)">[\s\S]*?<\/a><\/li>/g,
  ) ?? [])
    say(`· ${textOf(li, /([\s\S]*)/)}`);

  console.log('\n— Who received her data, and the proof of one line');
  const log = await web.go(`${portal}/access-log`);
  const entries = log.body.match(/<li class="portal-item">/g)?.length ?? 0;
  say(`${entries} transfer(s) listed (who, which information, when, on which basis)`);
  const proofHref = /href="(\/access-log\/[A-Za-z0-9_-]+)"/.exec(log.body)?.[1];
  if (proofHref) {
    const proof = await web.go(`${portal}${proofHref}`);
    say(
      `the line received by ${textOf(proof.body, /<h2 class="fr-h5">([\s\S]*?)<\/h2>/)}: ${textOf(proof.body, /id="proof-status"\s*>([\s\S]*?)<\/p>/)} (hash recomputed, linked to the lines before and after)`,
    );
  }

  console.log('\n— Her notice');
  const notices = await web.go(`${portal}/notices`);
  const noticeHref = /href="(\/notices\/[A-Za-z0-9_-]+)"/.exec(notices.body)?.[1];
  if (noticeHref) {
    const notice = await web.go(`${portal}${noticeHref}`);
    say(`${textOf(notice.body, /<h1>([\s\S]*?)<\/h1>/)} — opened (the funnel counts it)`);
  } else say('no notice yet');

  console.log('\n— Her preferences: in her space and by e-mail');
  const prefs = await web.go(`${portal}/preferences`);
  const wrong = await web.submit(prefs, 'Enregistrer mes préférences', {
    channels: ['PORTAL', 'EMAIL'],
    language: 'FR',
    email: 'camille.martin',
  });
  say(
    `a mistyped address → ${wrong.status}: « ${textOf(wrong.body, /<li><a href="#email">([\s\S]*?)<\/a>/)} »`,
  );
  const saved = await web.submit(wrong, 'Enregistrer mes préférences', {
    channels: ['PORTAL', 'EMAIL'],
    language: 'FR',
    email: 'camille.martin@example.org',
  });
  say(
    `corrected → ${textOf(saved.body, /<div class="fr-alert fr-alert--success[^>]*>\s*<p>([\s\S]*?)<\/p>/)}`,
  );

  console.log('\n— Withdrawing everything needs a substantial sign-in (eidas2): she steps up');
  const stepUp = await web.go(`${portal}/consents/revoke-all`);
  say(
    `the provider asks again: ${stepUp.body.includes('n’atteint pas le niveau demandé') ? '« Votre connexion actuelle n’atteint pas le niveau demandé »' : `(${stepUp.status})`}`,
  );
  const revokeAll = await signInAtProvider(web, stepUp, 'camille');
  say(
    `back at « ${textOf(revokeAll.body, /<h1>([\s\S]*?)<\/h1>/)} » at eidas2 (she leaves her consents as they are)`,
  );

  console.log('\n— She signs out (RP-initiated logout, id_token_hint)');
  const confirm = await web.submit(revokeAll, 'Se déconnecter');
  const out = confirm.body.includes('Me déconnecter')
    ? await web.submit(confirm, 'Me déconnecter')
    : confirm;
  say(`${textOf(out.body, /<h1>([\s\S]*?)<\/h1>/)} (${new URL(out.url).pathname})`);
}
