// The welcome page (signed out) and the dashboard: the four numbers an operator looks at first —
// total lag, dead letters to handle, failed webhooks, audit chains intact — each a way in, and the
// flow lookup by event id. A number the console could not read says so; the others still show.
import { formatNumber, html, type Html } from '@relais/web';
import type { Lang, Messages } from '../domain/i18n.ts';
import { textInput } from './layout.ts';

export function welcomeBody(m: Messages): Html {
  return html`<h1>${m.welcomeTitle}</h1>
    <p class="fr-text--lead">${m.welcomeLead}</p>
    <p>${m.welcomeHow}</p>
    <p><a class="fr-btn" href="/login">${m.signIn}</a></p>`;
}

/** One figure of the dashboard, or undefined when it could not be read. */
export interface Figure {
  value: number | undefined;
  /** For the audit: how many of how many. */
  of?: number;
}

export interface Dashboard {
  lag: Figure;
  deadLetters: Figure;
  webhooks: Figure;
  audit: Figure;
}

function stat(
  m: Messages,
  o: {
    title: string;
    value: string | undefined;
    unit?: string;
    href: string;
    link: string;
    alert: boolean;
  },
): Html {
  return html`<li class="console-stat${o.alert ? ' console-stat--alert' : ''}">
    <h2 class="fr-h6 fr-mb-1w">${o.title}</h2>
    <p class="console-stat__value">
      ${
        o.value === undefined
          ? html`<span class="console-stat__unit">${m.unavailableTitle}</span>`
          : html`${o.value}${o.unit ? html` <span class="console-stat__unit">${o.unit}</span>` : ''}`
      }
    </p>
    <p class="fr-mb-0"><a class="fr-link" href="${o.href}">${o.link}</a></p>
  </li>`;
}

export function dashboardBody(m: Messages, lang: Lang, d: Dashboard): Html {
  const n = (f: Figure) => (f.value === undefined ? undefined : formatNumber(f.value, lang));
  const lag = n(d.lag);
  const audit =
    d.audit.value === undefined ? undefined : m.homeAuditOk(d.audit.value, d.audit.of ?? 0);
  return html`<h1>${m.homeTitle}</h1>
    <p class="fr-text--lead">${m.homeLead}</p>
    <ul class="console-stats">
      ${stat(m, {
        title: m.homeLag,
        value: lag,
        unit: m.homeLagUnit,
        href: '/lag',
        link: m.navLag,
        alert: (d.lag.value ?? 0) > 0,
      })}
      ${stat(m, {
        title: m.homeDeadLetters,
        value: n(d.deadLetters),
        href: '/dead-letters',
        link: m.navDeadLetters,
        alert: (d.deadLetters.value ?? 0) > 0,
      })}
      ${stat(m, {
        title: m.homeWebhooks,
        value: n(d.webhooks),
        href: '/webhooks',
        link: m.navWebhooks,
        alert: (d.webhooks.value ?? 0) > 0,
      })}
      ${stat(m, {
        title: m.homeAudit,
        value: audit,
        href: '/audit',
        link: m.navAudit,
        alert: d.audit.value !== undefined && d.audit.value < (d.audit.of ?? 0),
      })}
    </ul>
    <h2>${m.homeFind}</h2>
    <form method="get" action="/flows" class="console-inline-form">
      <input type="hidden" name="by" value="event" />
      ${textInput(m, {
        id: 'eventId',
        label: m.eventIdLabel,
        hint: m.eventIdHint,
        value: '',
        spellcheck: false,
        autocomplete: 'off',
      })}
      <button type="submit" class="fr-btn">${m.searchButton}</button>
    </form>`;
}
