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

function searchForms(m: Messages, input: FlowSearchInput, errors?: readonly FormError[]): Html {
  const by = (kind: string) => (errors?.length && input.by === kind ? errors : undefined);
  return html`<div class="console-search">
    <form method="get" action="/flows" class="console-search__form" novalidate>
      <h2 class="fr-h6">${m.byEvent}</h2>
      <input type="hidden" name="by" value="event" />
      ${textInput(m, {
        id: 'eventId',
        label: m.eventIdLabel,
        hint: m.eventIdHint,
        value: input.eventId,
        spellcheck: false,
        autocomplete: 'off',
        error: errorFor(by('event'), 'eventId'),
      })}
      <button type="submit" class="fr-btn">${m.searchButton}</button>
    </form>
    <form method="get" action="/flows" class="console-search__form" novalidate>
      <h2 class="fr-h6">${m.byTrace}</h2>
      <input type="hidden" name="by" value="trace" />
      ${textInput(m, {
        id: 'traceId',
        label: m.traceIdLabel,
        hint: m.traceIdHint,
        value: input.traceId,
        spellcheck: false,
        autocomplete: 'off',
        error: errorFor(by('trace'), 'traceId'),
      })}
      <button type="submit" class="fr-btn">${m.searchButton}</button>
    </form>
    <form method="get" action="/flows" class="console-search__form" novalidate>
      <h2 class="fr-h6">${m.byAgency}</h2>
      <input type="hidden" name="by" value="agency" />
      ${textInput(m, {
        id: 'agency',
        label: m.agencyLabel,
        hint: m.agencyHint,
        value: input.agency,
        spellcheck: false,
        error: errorFor(by('agency'), 'agency'),
      })}
      ${textInput(m, {
        id: 'from',
        label: m.fromLabel,
        hint: m.timeHint,
        type: 'datetime-local',
        value: input.from,
        error: errorFor(by('agency'), 'from'),
      })}
      ${textInput(m, {
        id: 'to',
        label: m.toLabel,
        hint: m.timeHint,
        type: 'datetime-local',
        value: input.to,
        error: errorFor(by('agency'), 'to'),
      })}
      <button type="submit" class="fr-btn">${m.searchButton}</button>
    </form>
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
