// The home page: signed out, what Relais is and the FranceConnect button; signed in, what Relais
// found for the citizen and what it may share, with whom, on which basis.
import type { Catalog } from '@relais/contracts';
import type { Messages } from '../domain/i18n.ts';
import type { Labels } from '@relais/web';
import { html, type Html } from './html.ts';

export function welcomeBody(m: Messages): Html {
  return html`<h1>${m.welcomeTitle}</h1>
    <p class="fr-text--lead">${m.welcomeLead}</p>
    <p>${m.welcomeWhat}</p>
    <ul>
      ${m.welcomeList.map((item) => html`<li>${item}</li>`)}
    </ul>
    <h2 class="fr-h4">${m.signInTitle}</h2>
    <div class="fr-connect-group">
      <form method="get" action="/login">
        <button type="submit" class="fr-connect">
          <span class="fr-connect__login">${m.fcButton}</span>
          <span class="fr-connect__brand">FranceConnect</span>
        </button>
      </form>
      <p>
        <a
          href="https://franceconnect.gouv.fr/"
          target="_blank"
          rel="noopener noreferrer"
          title="${m.fcWhatNewWindow}"
          >${m.fcWhat}</a
        >
      </p>
    </div>`;
}

export interface HomeFacts {
  givenName: string;
  notices: number;
  unread: number;
  deliveries: number;
  activeConsents: number;
}

/** What may move, grouped by basis: one line per agency, purpose and basis. */
function mayShare(catalog: Catalog, l: Labels, basis: 'law' | 'consent'): Html {
  const lines = new Map<string, { agency: string; purpose: string; categories: Set<string> }>();
  for (const s of catalog.subscriptions) {
    if ((s.legalBasis === 'consent') !== (basis === 'consent') || s.agency === 'relais') continue;
    const key = `${s.agency}\u0000${s.purpose}`;
    const line = lines.get(key) ?? { agency: s.agency, purpose: s.purpose, categories: new Set() };
    for (const c of l.categoriesOf(s.contract, s.fields)) line.categories.add(c);
    lines.set(key, line);
  }
  return html`<ul class="portal-list">
    ${[...lines.values()].map(
      (line) =>
        html`<li class="portal-item">
          <p class="fr-mb-1v"><strong>${l.recipient(line.agency)}</strong></p>
          <p class="fr-mb-0">${l.categories([...line.categories])} — ${l.purpose(line.purpose)}</p>
        </li>`,
    )}
  </ul>`;
}

export function homeBody(m: Messages, catalog: Catalog, l: Labels, facts: HomeFacts): Html {
  return html`<h1>${m.homeTitle(facts.givenName)}</h1>
    <p class="fr-text--lead">${m.homeLead}</p>
    <h2>${m.homeFoundTitle}</h2>
    <ul>
      <li><a href="/notices">${m.homeNoticesCount(facts.notices)}</a></li>
      <li><a href="/access-log">${m.homeDeliveriesCount(facts.deliveries)}</a></li>
      <li><a href="/consents">${m.homeConsentsCount(facts.activeConsents)}</a></li>
    </ul>
    <h2>${m.homeMayShareTitle}</h2>
    <p>${m.homeMayShareLead}</p>
    <h3 class="fr-h5">${m.homeLawTitle}</h3>
    ${mayShare(catalog, l, 'law')}
    <h3 class="fr-h5">${m.homeConsentTitle}</h3>
    ${mayShare(catalog, l, 'consent')}
    <p><a class="fr-btn fr-btn--secondary" href="/consents/new">${m.consentsNew}</a></p>`;
}
