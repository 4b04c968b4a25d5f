// My consents: each in plain words with a button that withdraws it and a link to its signed
// receipt; the form to give one; withdrawing all at once; checking a receipt.
import { dataCategories } from '@relais/contracts';
import type { Consent } from '../adapters/citizen-api.ts';
import { formatDate, type Lang } from '../domain/format.ts';
import type { FormError, GrantChoices, GrantInput } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';
import { SECTOR_PREFIX, type Labels } from '@relais/web';
import { STEP_UP_CATEGORIES } from '../domain/levels.ts';
import { html, raw, type Html } from './html.ts';
import { choiceFieldset, csrfField, errorFor, notice, stepUpCallout, textInput } from './layout.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const consentWhat = (l: Labels, c: Pick<Consent, 'recipient' | 'purpose'>) =>
  `${l.recipient(c.recipient)} — ${l.purpose(c.purpose)}`;

function status(m: Messages, c: Consent): Html {
  const [cls, text] =
    c.status === 'active'
      ? ['fr-badge--success', m.statusActive]
      : c.status === 'revoked'
        ? ['fr-badge--info', m.statusRevoked]
        : ['fr-badge--warning', m.statusExpired];
  return html`<p class="fr-badge fr-badge--sm ${cls}">${text}</p>`;
}

function consentItem(m: Messages, lang: Lang, l: Labels, c: Consent, csrf: string): Html {
  const what = consentWhat(l, c);
  const dates = [
    m.consentGrantedOn(formatDate(c.grantedAt, lang)),
    c.revokedAt
      ? m.consentRevokedOn(formatDate(c.revokedAt, lang))
      : c.expiresAt
        ? m.consentUntil(formatDate(c.expiresAt, lang))
        : m.consentNoEnd,
  ].join(', ');
  return html`<li class="portal-item">
    ${status(m, c)}
    <h2 class="fr-h6 fr-mt-1w fr-mb-1w">${capitalise(l.purpose(c.purpose))}</h2>
    <p class="fr-mb-1w">
      ${m.consentSentence(l.recipient(c.recipient), l.categories(c.categories), l.purpose(c.purpose))}
    </p>
    <p class="fr-text--sm fr-mb-2w">${dates}</p>
    <div class="portal-actions">
      ${
        c.status === 'active'
          ? html`<form method="post" action="/consents/${c.id}/revoke">
              ${csrfField(csrf)}<button
                type="submit"
                class="fr-btn fr-btn--secondary fr-btn--sm"
                title="${m.consentRevokeFor(what)}"
              >
                ${m.consentRevoke}
              </button>
            </form>`
          : ''
      }
      <a
        class="fr-link fr-link--sm"
        href="/consents/${c.id}/receipt"
        download
        title="${m.consentReceiptFor(what)}"
        >${m.consentReceipt}</a
      >
    </div>
  </li>`;
}

export function consentsBody(
  m: Messages,
  lang: Lang,
  l: Labels,
  o: { consents: Consent[]; hidden: number; csrf: string; flash?: string | undefined },
): Html {
  return html`<h1>${m.consentsTitle}</h1>
    ${o.flash ? notice(o.flash) : ''}
    <p class="fr-text--lead">${m.consentsLead}</p>
    <p><a class="fr-btn" href="/consents/new">${m.consentsNew}</a></p>
    ${o.hidden ? stepUpCallout(m, m.stepUpHidden(o.hidden), '/consents') : ''}
    ${
      o.consents.length
        ? html`<ul class="portal-list">
            ${o.consents.map((c) => consentItem(m, lang, l, c, o.csrf))}
          </ul>`
        : html`<p>${m.consentsNone}</p>`
    }
    <ul class="fr-links-group">
      <li><a class="fr-link" href="/receipts/verify">${m.receiptVerifyTitle}</a></li>
      <li><a class="fr-link" href="/consents/revoke-all">${m.revokeAllLink}</a></li>
    </ul>`;
}

export function grantBody(
  m: Messages,
  l: Labels,
  o: {
    choices: GrantChoices;
    input: GrantInput;
    errors?: FormError[];
    csrf: string;
    /** eidas2 or more: health and disability may be chosen. */
    sensitiveAllowed: boolean;
  },
): Html {
  const { choices, input, errors } = o;
  const categories = dataCategories.filter((c) => o.sensitiveAllowed || !STEP_UP_CATEGORIES.has(c));
  const recipientError = errorFor(errors, 'recipient');
  return html`<h1>${m.grantTitle}</h1>
    <p class="fr-text--lead">${m.grantLead}</p>
    <form method="post" action="/consents" novalidate>
      ${csrfField(o.csrf)}
      ${choiceFieldset(m, {
        id: 'purpose',
        legend: m.grantPurpose,
        type: 'radio',
        name: 'purpose',
        items: choices.purposes.map((p) => ({
          value: p,
          label: l.purpose(p),
          checked: input.purpose === p,
        })),
        error: errorFor(errors, `purpose-${choices.purposes[0] ?? ''}`),
      })}
      <div class="fr-select-group${recipientError ? ' fr-select-group--error' : ''}">
        <label class="fr-label" for="recipient"
          >${m.grantRecipient}<span class="fr-hint-text" id="recipient-hint"
            >${m.grantRecipientHint}</span
          ></label
        >
        <select
          class="fr-select${recipientError ? ' fr-select--error' : ''}"
          id="recipient"
          name="recipient"
          aria-describedby="recipient-hint${recipientError ? ' recipient-error' : ''}"
        >
          <option value="" ${input.recipient ? '' : raw(' selected')}>
            ${m.grantRecipientChoose}
          </option>
          <optgroup label="${m.grantAgencies}">
            ${choices.agencies.map(
              (a) =>
                html`<option value="${a.id}" ${input.recipient === a.id ? raw(' selected') : ''}>
                  ${a.name}
                </option>`,
            )}
          </optgroup>
          <optgroup label="${m.grantSectors}">
            ${choices.sectors.map(
              (s) =>
                html`<option
                  value="${SECTOR_PREFIX}${s}"
                  ${input.recipient === `${SECTOR_PREFIX}${s}` ? raw(' selected') : ''}
                >
                  ${l.sector(s)}
                </option>`,
            )}
          </optgroup>
        </select>
        ${recipientError ? html`<p class="fr-error-text" id="recipient-error">${m[recipientError.message]}</p>` : ''}
      </div>
      ${choiceFieldset(m, {
        id: 'categories',
        legend: m.grantCategories,
        hint: m.grantCategoriesHint,
        type: 'checkbox',
        name: 'categories',
        items: categories.map((c) => ({
          value: c,
          label: l.category(c),
          checked: input.categories.includes(c),
        })),
        error: errorFor(errors, `categories-${dataCategories[0]}`),
      })}
      ${o.sensitiveAllowed ? '' : html`<p class="fr-text--sm">${m.stepUpGrant} <a href="/login?level=eidas2&amp;next=%2Fconsents%2Fnew">${m.stepUpButton}</a></p>`}
      ${textInput(m, {
        id: 'expires',
        label: m.grantExpires,
        hint: m.grantExpiresHint,
        value: input.expires,
        error: errorFor(errors, 'expires'),
      })}
      <div class="portal-actions fr-mt-4w">
        <button type="submit" class="fr-btn">${m.grantButton}</button>
        <a class="fr-link" href="/consents">${m.grantCancel}</a>
      </div>
    </form>`;
}

export function revokeAllBody(
  m: Messages,
  l: Labels,
  o: { active: Consent[]; csrf: string; flash?: string | undefined },
): Html {
  return html`<h1>${m.revokeAllTitle}</h1>
    ${o.flash ? notice(o.flash) : ''}
    <p class="fr-text--lead">${m.revokeAllLead}</p>
    ${
      o.active.length
        ? html`<ul>
              ${o.active.map((c) => html`<li>${consentWhat(l, c)}</li>`)}
            </ul>
            <form method="post" action="/consents/revoke-all">
              ${csrfField(o.csrf)}<button type="submit" class="fr-btn">${m.revokeAllButton}</button>
            </form>`
        : html`<p>${m.revokeAllNone}</p>`
    }
    <p class="fr-mt-4w"><a class="fr-link" href="/consents">${m.back}</a></p>`;
}

export interface VerifiedReceipt {
  valid: boolean;
  claims?: {
    purpose: string;
    recipient: string;
    categories: string[];
    grantedAt: string;
    expiresAt: string | null;
  };
  kid?: string;
}

export function receiptBody(
  m: Messages,
  lang: Lang,
  l: Labels,
  o: { receipt: string; errors?: FormError[]; result?: VerifiedReceipt; csrf: string },
): Html {
  const error = errorFor(o.errors, 'receipt');
  const c = o.result?.claims;
  return html`<h1>${m.receiptVerifyTitle}</h1>
    <p class="fr-text--lead">${m.receiptVerifyLead}</p>
    ${
      o.result
        ? o.result.valid && c
          ? html`<div class="fr-alert fr-alert--success fr-mb-4w" role="status">
                <p>${m.receiptValid}</p>
              </div>
              <h2 class="fr-h5">${m.receiptSays}</h2>
              <p>
                ${m.consentSentence(l.recipient(c.recipient), l.categories(c.categories), l.purpose(c.purpose))}
              </p>
              <p>
                ${m.consentGrantedOn(formatDate(c.grantedAt, lang))},
                ${c.expiresAt ? m.consentUntil(formatDate(c.expiresAt, lang)) : m.consentNoEnd}.
              </p>
              <p class="fr-text--sm">
                ${m.receiptKey}${m.colon}<span class="portal-hash">${o.result.kid ?? ''}</span>
              </p>`
          : html`<div class="fr-alert fr-alert--error fr-mb-4w" role="status">
              <p>${m.receiptInvalid}</p>
            </div>`
        : ''
    }
    <form method="post" action="/receipts/verify" novalidate>
      ${csrfField(o.csrf)}
      <div class="fr-input-group${error ? ' fr-input-group--error' : ''}">
        <label class="fr-label" for="receipt"
          >${m.receiptField}<span class="fr-hint-text" id="receipt-hint"
            >${m.receiptHint}</span
          ></label
        >
        <textarea
          class="fr-input${error ? ' fr-input--error' : ''}"
          id="receipt"
          name="receipt"
          rows="6"
          spellcheck="false"
          aria-describedby="receipt-hint${error ? ' receipt-error' : ''}"
        >
${o.receipt}</textarea>
        ${error ? html`<p class="fr-error-text" id="receipt-error">${m[error.message]}</p>` : ''}
      </div>
      <button type="submit" class="fr-btn">${m.receiptButton}</button>
    </form>
    <p class="fr-mt-4w"><a class="fr-link" href="/consents">${m.back}</a></p>`;
}
