// "Who acted for me" (issue 15): the citizen's mandates to France Services, each scope withdrawable
// on its own, and every action of an agent — "an agent of France Services <structure> acting under
// your mandate of <date>" — or refused attempt, newest first.
import { csrfField, notice } from '@relais/web';
import type { CounterAction, MandateView } from '../adapters/mandates-api.ts';
import { formatDate, formatDateTime, type Lang } from '../domain/format.ts';
import { mandateWords } from '../domain/words-mandates.ts';
import { html, type Html } from './html.ts';

function mandateItem(lang: Lang, csrf: string, x: MandateView): Html {
  const w = mandateWords(lang);
  const title = w.mandateOf(x.structure.name, formatDate(x.createdAt, lang));
  const form = (label: string, scope?: string) =>
    html`<form method="post" action="/who-acted/${x.mandateId}/revoke" class="fr-mb-1w">
      ${csrfField(csrf)} ${scope ? html`<input type="hidden" name="scope" value="${scope}" />` : ''}
      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">${label}</button>
    </form>`;
  return html`<li class="portal-item">
    <h3 class="fr-h6 fr-mb-1w">${title}</h3>
    <p class="fr-mb-1w">
      <span class="fr-badge fr-badge--sm fr-badge--no-icon">${w.status[x.status] ?? x.status}</span>
      ${w.until(formatDate(x.expiresAt, lang))} ·
      ${x.scopes.map((s) => w.scopes[s] ?? s).join(', ')}
    </p>
    ${
      x.status === 'active'
        ? html`${x.scopes.map((s) => form(w.withdrawScope(w.scopes[s] ?? s), s))}
          ${form(w.withdrawAll)}`
        : ''
    }
  </li>`;
}

function actionItem(lang: Lang, a: CounterAction): Html {
  const w = mandateWords(lang);
  const who = a.mandateCreatedAt
    ? w.actedUnder(a.structureName, formatDate(a.mandateCreatedAt, lang))
    : w.triedWithout(a.structureName);
  return html`<li class="portal-item">
    <p class="fr-mb-1w"><strong>${who}</strong></p>
    <p class="fr-mb-1w">
      ${w.actions[a.action] ?? a.action} — ${formatDateTime(a.actedAt, lang)}
      <span
        class="fr-badge fr-badge--sm fr-badge--no-icon ${
          a.outcome === 'DONE' ? 'fr-badge--success' : 'fr-badge--error'
        }"
        >${a.outcome === 'DONE' ? w.done : w.refused}</span
      >
    </p>
  </li>`;
}

export function whoActedBody(
  lang: Lang,
  o: {
    csrf: string;
    mandates: MandateView[];
    actions: CounterAction[];
    flash?: string | undefined;
  },
): Html {
  const w = mandateWords(lang);
  return html`<h1>${w.title}</h1>
    ${o.flash ? notice(o.flash) : ''}
    <p class="fr-text--lead">${w.lead}</p>
    <h2>${w.mandatesTitle}</h2>
    ${
      o.mandates.length
        ? html`<ul class="portal-list">
            ${o.mandates.map((x) => mandateItem(lang, o.csrf, x))}
          </ul>`
        : html`<p>${w.noMandates}</p>`
    }
    <h2>${w.actionsTitle}</h2>
    ${
      o.actions.length
        ? html`<ul class="portal-list">
            ${o.actions.map((a) => actionItem(lang, a))}
          </ul>`
        : html`<p>${w.noActions}</p>`
    }`;
}
