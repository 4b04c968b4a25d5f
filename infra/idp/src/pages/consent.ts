// The confirmation step FranceConnect shows: which data goes to which service, before it goes.
import type { Citizen } from '../domain/citizens.ts';
import type { IdentityClaim } from '../domain/claims.ts';
import type { EidasLevel } from '../domain/eidas.ts';
import { esc, page } from './html.ts';
import { WORDS, type Lang, type Words } from './i18n.ts';

export interface ConsentView {
  lang: Lang;
  action: string;
  abortAction: string;
  switchHref: string;
  service: string;
  citizen: Citizen;
  level: EidasLevel;
  claims: readonly IdentityClaim[];
}

function shown(w: Words, c: Citizen, claim: IdentityClaim): string {
  const id = c.identity;
  switch (claim) {
    case 'birthdate':
      return w.date(id.birthdate);
    case 'gender':
      return w.genders[id.gender];
    case 'birthplace':
      return id.birthplace === '' ? w.bornAbroad : `${c.birthplaceName} (${id.birthplace})`;
    case 'birthcountry':
      return `${c.birthcountryName} (${id.birthcountry})`;
    case 'preferred_username':
      return id.preferred_username === '' ? w.noUsageName : id.preferred_username;
    default:
      return id[claim];
  }
}

export function consentPage(v: ConsentView): string {
  const w = WORDS[v.lang];
  const rows = [
    `<div><dt>${esc(w.consent.subject)}</dt><dd>${esc(w.consent.subjectValue)}</dd></div>`,
    ...v.claims.map(
      (claim) =>
        `<div><dt>${esc(w.claims[claim])}</dt><dd>${esc(shown(w, v.citizen, claim))}</dd></div>`,
    ),
  ].join('\n');
  const main = `<h1>${esc(w.consent.title(v.service))}</h1>
<p>${esc(w.consent.signedInAs(v.citizen.name, w.levels[v.level]))}</p>
<p class="lead">${esc(w.consent.intro(v.service))}</p>
<dl class="data">
${rows}
</dl>
${v.claims.length === 0 ? `<p>${esc(w.consent.none)}</p>` : ''}
<div class="actions">
<form method="post" action="${esc(v.action)}"><button type="submit" class="primary">${esc(w.consent.submit)}</button></form>
<form method="post" action="${esc(v.abortAction)}"><button type="submit" class="secondary">${esc(w.consent.refuse)}</button></form>
</div>
<p class="note">${esc(w.consent.note)}</p>`;
  return page({ lang: v.lang, title: w.consent.title(v.service), switchHref: v.switchHref, main });
}
