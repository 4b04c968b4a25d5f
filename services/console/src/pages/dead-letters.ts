// Dead letters and rejects: filters (a GET form), the list with a checkbox per line (a POST form:
// replay or discard the selection), and the confirmation step — what will be replayed, or the
// required reason for a discard — before anything is done.
import { formatInstant, html, type Html } from '@relais/web';
import { formatAge } from '../domain/format.ts';
import type { DeadLetterAction, FilterInput, FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { DeadLetterStatus, DeadLetterView } from '../domain/views.ts';
import { badge, csrfField, errorFor, selectInput, table, textInput } from './layout.ts';

export function statusBadge(m: Messages, s: DeadLetterStatus): Html {
  return s === 'open'
    ? badge('warning', m.statusOpen)
    : s === 'replayed'
      ? badge('info', m.statusReplayed)
      : badge('new', m.statusDiscarded);
}

const origin = (d: DeadLetterView): Html =>
  d.origin
    ? html`<code>${d.origin.topic}:${d.origin.partition}:${d.origin.offset}</code>`
    : html`—`;

function filters(m: Messages, input: FilterInput, errors?: readonly FormError[]): Html {
  return html`<form method="get" action="/dead-letters" class="console-filters" novalidate>
    <h2 class="fr-h6">${m.filtersTitle}</h2>
    <div class="console-filters__fields">
      ${selectInput(m, {
        id: 'source',
        label: m.sourceLabel,
        value: input.source,
        options: [
          { value: '', label: m.all },
          { value: 'dead-letter', label: m.sourceDeadLetter },
          { value: 'reject', label: m.sourceReject },
        ],
        error: errorFor(errors, 'source'),
      })}
      ${textInput(m, {
        id: 'owner',
        label: m.ownerLabel,
        hint: m.ownerHint,
        value: input.owner,
        spellcheck: false,
        error: errorFor(errors, 'owner'),
      })}
      ${textInput(m, {
        id: 'reason',
        label: m.reasonLabel,
        hint: m.reasonHint,
        value: input.reason,
        spellcheck: false,
        error: errorFor(errors, 'reason'),
      })}
      ${selectInput(m, {
        id: 'status',
        label: m.statusLabel,
        value: input.status,
        options: [
          { value: '', label: m.all },
          { value: 'open', label: m.statusOpen },
          { value: 'replayed', label: m.statusReplayed },
          { value: 'discarded', label: m.statusDiscarded },
        ],
        error: errorFor(errors, 'status'),
      })}
      ${textInput(m, {
        id: 'limit',
        label: m.limitLabel,
        value: input.limit,
        type: 'number',
        error: errorFor(errors, 'limit'),
      })}
    </div>
    <button type="submit" class="fr-btn fr-btn--secondary">${m.filterButton}</button>
  </form>`;
}

/** A checkbox in a table's first cell, named for screen readers by the line it picks. */
export function pick(m: Messages, i: number, id: string, checked: boolean): Html {
  return html`<div class="fr-checkbox-group fr-checkbox-group--sm">
    <input
      type="checkbox"
      id="select-${i}"
      name="ids"
      value="${id}"
      ${checked ? html` checked` : ''}
    />
    <label class="fr-label" for="select-${i}"
      ><span class="fr-sr-only">${m.select(id)}</span></label
    >
  </div>`;
}

export function deadLettersBody(
  m: Messages,
  lang: Lang,
  o: {
    input: FilterInput;
    back: string;
    csrf: string;
    list?: readonly DeadLetterView[];
    errors?: readonly FormError[];
    selected?: readonly string[];
    flash?: string | undefined;
  },
): Html {
  const list = o.list;
  const selectionError = errorFor(o.errors, 'select-0');
  return html`<h1>${m.dlTitle}</h1>
    <p>${m.dlLead}</p>
    ${filters(m, o.input, o.errors)}
    ${
      list === undefined
        ? ''
        : html`<h2 id="list">${m.dlCount(list.length)}</h2>
            ${
              list.length === 0
                ? html`<p>${m.dlNone}</p>`
                : html`<form method="post" action="/dead-letters/confirm" novalidate>
                    ${csrfField(o.csrf)}
                    <input type="hidden" name="back" value="${o.back}" />
                    <div
                      class="fr-input-group${selectionError ? ' fr-input-group--error' : ''}"
                      role="group"
                      aria-labelledby="list"
                      ${selectionError ? html` aria-describedby="selection-error"` : ''}
                    >
                      ${
                        selectionError
                          ? html`<p class="fr-error-text" id="selection-error">
                              ${m[selectionError.message]}
                            </p>`
                          : ''
                      }
                      ${table({
                        id: 'dead-letters',
                        caption: m.dlSelectLegend,
                        hideCaption: true,
                        head: [
                          m.colSelect,
                          m.colSource,
                          m.colOwner,
                          m.colReason,
                          m.colOrigin,
                          m.colEvent,
                          m.colAge,
                          m.colAttempts,
                          m.colReplays,
                          m.colStatus,
                        ],
                        rows: list.map((d, i) => [
                          pick(m, i, d.id, o.selected?.includes(d.id) ?? false),
                          d.source === 'reject' ? m.sourceReject : m.sourceDeadLetter,
                          d.owner,
                          html`<code>${d.reason}</code><br /><span class="fr-text--xs"
                              >${d.error}</span
                            >`,
                          origin(d),
                          d.eventId
                            ? html`<a
                                class="fr-link"
                                href="/flows/${encodeURIComponent(d.eventId)}"
                                title="${m.openFlow(d.eventId)}"
                                ><code>${d.eventId}</code></a
                              >`
                            : '—',
                          html`<span title="${formatInstant(d.deadLetteredAt, lang)}"
                            >${formatAge(d.ageSeconds, lang)}</span
                          >`,
                          String(d.attempts),
                          String(d.replays),
                          statusBadge(m, d.status),
                        ]),
                      })}
                    </div>
                    <div class="relais-actions">
                      <button type="submit" class="fr-btn" name="action" value="replay">
                        ${m.replaySelected}
                      </button>
                      <button
                        type="submit"
                        class="fr-btn fr-btn--secondary"
                        name="action"
                        value="discard"
                      >
                        ${m.discardSelected}
                      </button>
                    </div>
                  </form>`
            }`
    }`;
}

/** The confirmation: what was ticked (and what is known of it), then one button that does it. */
export function confirmBody(
  m: Messages,
  lang: Lang,
  o: {
    action: DeadLetterAction;
    ids: readonly string[];
    known: ReadonlyMap<string, DeadLetterView>;
    back: string;
    csrf: string;
    reason?: string;
    errors?: readonly FormError[];
  },
): Html {
  const n = o.ids.length;
  return html`<h1>${o.action === 'replay' ? m.confirmReplayTitle(n) : m.confirmDiscardTitle(n)}</h1>
    <p class="fr-text--lead">
      ${o.action === 'replay' ? m.confirmReplayLead : m.confirmDiscardLead}
    </p>
    ${table({
      id: 'selection',
      caption: m.selected,
      head: [m.colId, m.colOwner, m.colReason, m.colOrigin, m.colAge, m.colAttempts, m.colStatus],
      rows: o.ids.map((id) => {
        const d = o.known.get(id);
        return d
          ? [
              html`<code>${id}</code>`,
              d.owner,
              html`<code>${d.reason}</code>`,
              origin(d),
              formatAge(d.ageSeconds, lang),
              String(d.attempts),
              statusBadge(m, d.status),
            ]
          : [html`<code>${id}</code>`, m.notListed, '—', '—', '—', '—', '—'];
      }),
    })}
    <form method="post" action="/dead-letters/${o.action}" novalidate>
      ${csrfField(o.csrf)}
      <input type="hidden" name="back" value="${o.back}" />
      ${o.ids.map((id) => html`<input type="hidden" name="ids" value="${id}" />`)}
      ${
        o.action === 'discard'
          ? textInput(m, {
              id: 'discardReason',
              label: m.discardReasonLabel,
              hint: m.discardReasonHint,
              value: o.reason ?? '',
              rows: 3,
              error: errorFor(o.errors, 'discardReason'),
            })
          : ''
      }
      <div class="relais-actions">
        <button type="submit" class="fr-btn">
          ${o.action === 'replay' ? m.confirmReplay : m.confirmDiscard}
        </button>
        <a class="fr-btn fr-btn--tertiary" href="/dead-letters?${o.back}">${m.cancel}</a>
      </div>
    </form>`;
}
