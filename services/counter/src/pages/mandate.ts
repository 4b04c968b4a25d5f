// One citizen, opened by a mandate of the agent's structure: the mandate's terms, then one
// section per scope it still grants — consents (grant with channel COUNTER, withdraw), notices
// (print the letter), preferences, who received their data. A scope not granted shows nothing.
import { formatDate, html, type Html } from '@relais/web';
import type { Consent, MandateView, NoticeSummary, Preferences } from '../adapters/counter-api.ts';
import { COUNTER_OFFERS } from '../domain/forms.ts';
import {
  badge,
  csrfField,
  facts,
  notice,
  table,
  type PageContext,
  type PageOptions,
} from './layout.ts';

export interface CitizenFile {
  mandate: MandateView;
  consents?: Consent[] | undefined;
  notices?: NoticeSummary[] | undefined;
  preferences?: Preferences | undefined;
}

export function mandatePage(
  ctx: PageContext,
  csrf: string,
  file: CitizenFile,
  flash?: string,
): PageOptions {
  const { m, lang } = ctx;
  const x = file.mandate;
  const base = `/mandates/${x.mandateId}`;
  const title = m.mandateTitle(formatDate(x.createdAt, lang));
  const statusBadge = (s: Consent['status']) =>
    badge(s === 'active' ? 'success' : s === 'revoked' ? 'warning' : 'info', m[s]);
  const consents: Html | '' = file.consents
    ? html`<div class="counter-section">
        <h2 id="consents-title">${m.consentsTitle}</h2>
        ${
          file.consents.length
            ? table({
                id: 'consents',
                caption: m.consentsTitle,
                head: [m.colPurpose, m.colRecipient, m.colChannel, m.colStatus, m.colAction],
                rows: file.consents.map((c) => [
                  m.offers[c.purpose] ?? c.purpose,
                  c.recipient,
                  c.channel,
                  statusBadge(c.status),
                  c.status === 'active'
                    ? html`<form
                        method="post"
                        action="${base}/consents/${c.id}/revoke"
                        class="counter-inline"
                      >
                        ${csrfField(csrf)}
                        <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                          ${m.revoke}<span class="fr-sr-only">
                            — ${m.offers[c.purpose] ?? c.purpose}</span
                          >
                        </button>
                      </form>`
                    : '',
                ]),
              })
            : html`<p>${m.noConsents}</p>`
        }
        <form method="post" action="${base}/consents">
          ${csrfField(csrf)}
          <div class="fr-select-group">
            <label class="fr-label" for="purpose">${m.grantLegend}</label>
            <select class="fr-select" id="purpose" name="purpose">
              ${Object.keys(COUNTER_OFFERS).map(
                (p) => html`<option value="${p}">${m.offers[p] ?? p}</option>`,
              )}
            </select>
          </div>
          <button class="fr-btn" type="submit">${m.grant}</button>
        </form>
      </div>`
    : '';
  const notices: Html | '' = file.notices
    ? html`<div class="counter-section">
        <h2 id="notices-title">${m.noticesTitle}</h2>
        ${
          file.notices.length
            ? table({
                id: 'notices',
                caption: m.noticesTitle,
                head: [m.colSubject, m.colDate, m.colAction],
                rows: file.notices.map((n) => [
                  n.subject,
                  formatDate(n.createdAt, lang),
                  html`<a class="fr-link" href="${base}/notices/${n.noticeId}/letter.pdf"
                    >${m.print}<span class="fr-sr-only"> — ${n.subject}</span></a
                  >`,
                ]),
              })
            : html`<p>${m.noNotices}</p>`
        }
      </div>`
    : '';
  const prefs = file.preferences;
  const preferences: Html | '' = prefs
    ? html`<div class="counter-section">
        <h2 id="preferences-title">${m.preferencesTitle}</h2>
        ${facts([
          [m.channels, prefs.channels.join(', ')],
          [m.language, prefs.language],
          [m.paused, prefs.paused ? m.yes : m.no],
        ])}
        <p><a class="fr-link" href="${base}/preferences">${m.editPreferences}</a></p>
      </div>`
    : '';
  const flows: Html | '' = x.scopes.includes('DATA_FLOWS')
    ? html`<div class="counter-section">
        <h2 id="flows-title">${m.flowsTitle}</h2>
        <p><a class="fr-link" href="${base}/data-flows">${m.seeFlows}</a></p>
      </div>`
    : '';
  const scopes = html`<ul class="counter-scopes">
    ${x.scopes.map(
      (scope) =>
        html`<li>
          ${m.scopes[scope] ?? scope}
          <form method="post" action="${base}/scopes/${scope}/revoke" class="counter-inline">
            ${csrfField(csrf)}
            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
              ${m.revokeScope}<span class="fr-sr-only"> — ${m.scopes[scope] ?? scope}</span>
            </button>
          </form>
        </li>`,
    )}
  </ul>`;
  return {
    title,
    body: html`<h1>${title}</h1>
      ${flash ? notice(flash) : ''}
      <h2>${m.mandateFacts}</h2>
      ${facts([
        [m.colScopes, scopes],
        [m.until, formatDate(x.expiresAt, lang)],
        [m.createdBy, x.agentName],
        [
          m.confirmation,
          `${m[x.confirmation === 'FRANCECONNECT' ? 'FRANCECONNECT' : 'ATTESTATION']}${x.attestationId ? ` (${x.attestationId})` : ''}`,
        ],
      ])}
      <p>
        <a class="fr-link" href="${base}/attestation.pdf">${m.attestation}</a>
      </p>
      ${consents} ${notices} ${preferences} ${flows}
      <div class="counter-section">
        <form method="post" action="${base}/revoke">
          ${csrfField(csrf)}
          <button class="fr-btn fr-btn--tertiary" type="submit">${m.revokeMandate}</button>
        </form>
      </div>`,
  };
}
