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
  const field = <F extends keyof FilterInput>(id: F, label: string) => ({
    id,
    label,
    value: input[id],
    error: errorFor(errors, id),
  });
  /** "All" first (no filter), then each value with its words. */
  const choices = (pairs: ReadonlyArray<readonly [string, string]>) => [
    { value: '', label: m.all },
    ...pairs.map(([value, label]) => ({ value, label })),
  ];
  return html`<form method="get" action="/dead-letters" class="console-filters" novalidate>
    <h2 class="fr-h6">${m.filtersTitle}</h2>
    <div class="console-filters__fields">
      ${selectInput(m, {
        ...field('source', m.sourceLabel),
        options: choices([
          ['dead-letter', m.sourceDeadLetter],
          ['reject', m.sourceReject],
        ]),
      })}
      ${textInput(m, { ...field('owner', m.ownerLabel), hint: m.ownerHint, spellcheck: false })}
      ${textInput(m, { ...field('reason', m.reasonLabel), hint: m.reasonHint, spellcheck: false })}
      ${selectInput(m, {
        ...field('status', m.statusLabel),
        options: choices([
          ['open', m.statusOpen],
          ['replayed', m.statusReplayed],
          ['discarded', m.statusDiscarded],
        ]),
      })}
      ${textInput(m, { ...field('limit', m.limitLabel), type: 'number' })}
    </div>
    <button type="submit" class="fr-btn fr-btn--secondary">${m.filterButton}</button>
  </form>`;
}

/** A checkbox in a table's first cell, named for screen readers by the line it picks. */
export function pick(m: Messages, i: number, id: string, checked: boolean): Html {
  return html`<div class="fr-checkbox-group fr-checkbox-group--sm console-pick">
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

/** One line per dead letter, its checkbox first. */
function listTable(
  m: Messages,
  lang: Lang,
  list: readonly DeadLetterView[],
  selected: readonly string[],
): Html {
  return table({
    id: 'dead-letters',
    caption: m.dlSelectLegend,
    hideCaption: true,
    head: [
      m.colSelect,
      m.colOwner,
      m.colReason,
      m.colOrigin,
      m.colAge,
      m.colAttempts,
      m.colReplays,
      m.colStatus,
    ],
    rows: list.map((d, i) => [
      pick(m, i, d.id, selected.includes(d.id)),
      html`${d.owner}<br /><span class="fr-text--xs"
          >${d.source === 'reject' ? m.sourceReject : m.sourceDeadLetter}</span
        >`,
      html`<code>${d.reason}</code><br /><span class="fr-text--xs">${d.error}</span>`,
      html`${origin(d)}${
        d.eventId
          ? html`<br /><a
                class="fr-link fr-text--xs"
                href="/flows/${encodeURIComponent(d.eventId)}"
                title="${m.openFlow(d.eventId)}"
                >${m.colEvent} <code>${d.eventId}</code></a
              >`
          : ''
      }`,
      html`<span title="${formatInstant(d.deadLetteredAt, lang)}"
        >${formatAge(d.ageSeconds, lang)}</span
      >`,
      String(d.attempts),
      String(d.replays),
      statusBadge(m, d.status),
    ]),
  });
}

/** The ticked lines go to the confirmation with the filters that listed them. */
function selectionForm(
  m: Messages,
  lang: Lang,
  o: {
    list: readonly DeadLetterView[];
    back: string;
    csrf: string;
    error: FormError | undefined;
    selected: readonly string[];
  },
): Html {
  return html`<form method="post" action="/dead-letters/confirm" novalidate>
    ${csrfField(o.csrf)}
    <input type="hidden" name="back" value="${o.back}" />
    <div
      class="fr-input-group${o.error ? ' fr-input-group--error' : ''}"
      role="group"
      aria-labelledby="list"
      ${o.error ? html` aria-describedby="selection-error"` : ''}
    >
      ${o.error ? html`<p class="fr-error-text" id="selection-error">${m[o.error.message]}</p>` : ''}
      ${listTable(m, lang, o.list, o.selected)}
    </div>
    <div class="relais-actions">
      <button type="submit" class="fr-btn" name="action" value="replay">${m.replaySelected}</button>
      <button type="submit" class="fr-btn fr-btn--secondary" name="action" value="discard">
        ${m.discardSelected}
      </button>
    </div>
  </form>`;
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
  },
): Html {
  const list = o.list;
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
                : selectionForm(m, lang, {
                    list,
                    back: o.back,
                    csrf: o.csrf,
                    error: errorFor(o.errors, 'select-0'),
                    selected: o.selected ?? [],
                  })
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
