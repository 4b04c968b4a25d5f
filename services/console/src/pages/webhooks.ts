// Failed webhook deliveries, a checkbox per line, and the confirmation before a redelivery.
import { formatInstant, html, type Html } from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { FailedWebhook } from '../domain/views.ts';
import { pick } from './dead-letters.ts';
import { csrfField, errorFor, table } from './layout.ts';

const rows = (m: Messages, lang: Lang, list: readonly FailedWebhook[]) =>
  list.map((w) => [
    html`<code>${w.deliveryId}</code>`,
    w.agency,
    html`<a
      class="fr-link"
      href="/flows/${encodeURIComponent(w.eventId)}"
      title="${m.openFlow(w.eventId)}"
      ><code>${w.eventId}</code></a
    >`,
    String(w.attempts),
    w.lastError ? html`<code>${w.lastError}</code>` : '—',
    formatInstant(w.failedAt, lang),
  ]);

const head = (m: Messages) => [
  m.colDelivery,
  m.colAgency,
  m.colEvent,
  m.colAttempts,
  m.colLastError,
  m.colFailedAt,
];

export function webhooksBody(
  m: Messages,
  lang: Lang,
  o: { list: readonly FailedWebhook[]; csrf: string; errors?: readonly FormError[] },
): Html {
  const error = errorFor(o.errors, 'select-0');
  return html`<h1>${m.whTitle}</h1>
    <p class="fr-text--lead">${m.whLead}</p>
    <h2 id="list">${m.whCount(o.list.length)}</h2>
    ${
      o.list.length === 0
        ? html`<p>${m.whNone}</p>`
        : html`<form method="post" action="/webhooks/confirm" novalidate>
            ${csrfField(o.csrf)}
            <div
              class="fr-input-group${error ? ' fr-input-group--error' : ''}"
              role="group"
              aria-labelledby="list"
              ${error ? html` aria-describedby="selection-error"` : ''}
            >
              ${
                error
                  ? html`<p class="fr-error-text" id="selection-error">${m[error.message]}</p>`
                  : ''
              }
              ${table({
                id: 'webhooks',
                caption: m.whTitle,
                hideCaption: true,
                head: [m.colSelect, ...head(m)],
                rows: rows(m, lang, o.list).map((r, i) => [
                  pick(m, i, o.list[i]!.deliveryId, false),
                  ...r,
                ]),
              })}
            </div>
            <button type="submit" class="fr-btn">${m.redeliverSelected}</button>
          </form>`
    }`;
}

export function confirmRedeliverBody(
  m: Messages,
  lang: Lang,
  o: { ids: readonly string[]; known: readonly FailedWebhook[]; csrf: string },
): Html {
  const known = o.known.filter((w) => o.ids.includes(w.deliveryId));
  const missing = o.ids.filter((id) => !known.some((w) => w.deliveryId === id));
  return html`<h1>${m.confirmRedeliverTitle(o.ids.length)}</h1>
    <p class="fr-text--lead">${m.confirmRedeliverLead}</p>
    ${table({
      id: 'selection',
      caption: m.selected,
      head: head(m),
      rows: [
        ...rows(m, lang, known),
        ...missing.map((id) => [html`<code>${id}</code>`, m.notListed, '—', '—', '—', '—']),
      ],
    })}
    <form method="post" action="/webhooks/redeliver" novalidate>
      ${csrfField(o.csrf)}
      ${o.ids.map((id) => html`<input type="hidden" name="ids" value="${id}" />`)}
      <div class="relais-actions">
        <button type="submit" class="fr-btn">${m.confirmRedeliver}</button>
        <a class="fr-btn fr-btn--tertiary" href="/webhooks">${m.cancel}</a>
      </div>
    </form>`;
}
