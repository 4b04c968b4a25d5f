// Finding a flow: three small forms (by event id, by trace id, by agency and time range), each
// working without JavaScript, and the result list — one line per event, a link to its path and to
// its trace in the tracing UI.
import { formatInstant, html, type Html } from '@relais/web';
import type { FlowSearchInput, FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { FlowSummary } from '../domain/views.ts';
import { badge, errorFor, table, textInput } from './layout.ts';

/** Where the tracing UI shows a trace (Zipkin: <ui>/traces/<id>), when one is configured. */
export const traceHref = (traceUiUrl: string | null, traceId: string): string | null =>
  traceUiUrl ? `${traceUiUrl.replace(/\/$/, '')}/traces/${encodeURIComponent(traceId)}` : null;

export function traceLink(m: Messages, traceUiUrl: string | null, traceId: string | null): Html {
  if (!traceId) return html`—`;
  const href = traceHref(traceUiUrl, traceId);
  return href
    ? html`<a class="fr-link" href="${href}" title="${m.openTraceOf(traceId)}"
        ><code>${traceId}</code></a
      >`
    : html`<code>${traceId}</code>`;
}

type Field = keyof Omit<FlowSearchInput, 'by'>;

/** The three searches, each its own small form: its kind, heading and fields. */
const SEARCHES: ReadonlyArray<{
  by: FlowSearchInput['by'];
  title: 'byEvent' | 'byTrace' | 'byAgency';
  fields: ReadonlyArray<{
    id: Field;
    label: 'eventIdLabel' | 'traceIdLabel' | 'agencyLabel' | 'fromLabel' | 'toLabel';
    hint: 'eventIdHint' | 'traceIdHint' | 'agencyHint' | 'timeHint';
    time?: boolean;
  }>;
}> = [
  {
    by: 'event',
    title: 'byEvent',
    fields: [{ id: 'eventId', label: 'eventIdLabel', hint: 'eventIdHint' }],
  },
  {
    by: 'trace',
    title: 'byTrace',
    fields: [{ id: 'traceId', label: 'traceIdLabel', hint: 'traceIdHint' }],
  },
  {
    by: 'agency',
    title: 'byAgency',
    fields: [
      { id: 'agency', label: 'agencyLabel', hint: 'agencyHint' },
      { id: 'from', label: 'fromLabel', hint: 'timeHint', time: true },
      { id: 'to', label: 'toLabel', hint: 'timeHint', time: true },
    ],
  },
];

function searchForms(m: Messages, input: FlowSearchInput, errors?: readonly FormError[]): Html {
  return html`<div class="console-search">
    ${SEARCHES.map(
      (s) =>
        html`<form method="get" action="/flows" class="console-search__form" novalidate>
          <h2 class="fr-h6">${m[s.title]}</h2>
          <input type="hidden" name="by" value="${s.by}" />
          ${s.fields.map((f) =>
            textInput(m, {
              id: f.id,
              label: m[f.label],
              hint: m[f.hint],
              value: input[f.id],
              spellcheck: false,
              ...(f.time ? { type: 'datetime-local' as const } : { autocomplete: 'off' }),
              error: input.by === s.by ? errorFor(errors, f.id) : undefined,
            }),
          )}
          <button type="submit" class="fr-btn">${m.searchButton}</button>
        </form>`,
    )}
  </div>`;
}

export function flowsBody(
  m: Messages,
  lang: Lang,
  o: {
    input: FlowSearchInput;
    errors?: readonly FormError[];
    results?: readonly FlowSummary[];
    traceUiUrl: string | null;
  },
): Html {
  const results = o.results;
  return html`<h1>${m.flowsTitle}</h1>
    <p class="fr-text--lead">${m.flowsLead}</p>
    ${searchForms(m, o.input, o.errors)}
    ${
      results === undefined
        ? ''
        : html`<h2 id="results">${m.resultsTitle(results.length)}</h2>
            ${
              results.length === 0
                ? html`<p>${m.resultsNone}</p>`
                : table({
                    id: 'flows',
                    caption: m.resultsTitle(results.length),
                    hideCaption: true,
                    head: [
                      m.colEvent,
                      m.colContract,
                      m.colAgency,
                      m.colAt,
                      m.colOutcome,
                      m.colTrace,
                    ],
                    rows: results.map((f) => [
                      html`<a
                        class="fr-link"
                        href="/flows/${encodeURIComponent(f.eventId)}"
                        title="${m.openFlow(f.eventId)}"
                        ><code>${f.eventId}</code></a
                      >`,
                      f.contract,
                      f.agency,
                      formatInstant(f.at, lang),
                      f.outcome === 'accepted'
                        ? badge('success', m.accepted)
                        : badge('error', m.rejected),
                      traceLink(m, o.traceUiUrl, f.traceId),
                    ]),
                  })
            }`
    }`;
}
