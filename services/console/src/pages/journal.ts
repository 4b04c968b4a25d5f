// The operators' journal: who did what, when, to which records, why (a discard's reason), and the
// outcome — the console's own actions included.
import { formatInstant, html, type Html } from '@relais/web';
import type { Lang, Messages } from '../domain/i18n.ts';
import type { OperatorAction } from '../domain/views.ts';
import { notice, table } from './layout.ts';

/** A few targets in full; many behind a summary that says how many. */
function targets(m: Messages, list: readonly string[]): Html {
  const items = html`<ul class="console-problems">
    ${list.map((t) => html`<li><code>${t}</code></li>`)}
  </ul>`;
  return list.length <= 3
    ? items
    : html`<details class="console-details">
        <summary>${m.targetsCount(list.length)}</summary>
        ${items}
      </details>`;
}

/** Each target's outcome in the operator's language (the journal stores them in English). */
function outcomes(m: Messages, a: OperatorAction): Html | string {
  const results = a.results ?? [];
  if (results.length === 0) return a.outcome;
  if (results.length === 1) return m.result(results[0]?.outcome ?? '');
  return html`<ul class="console-problems">
    ${results.map((r) => html`<li><code>${r.target}</code> — ${m.result(r.outcome)}</li>`)}
  </ul>`;
}

export function journalBody(
  m: Messages,
  lang: Lang,
  o: { actions: readonly OperatorAction[]; flash?: string | undefined },
): Html {
  return html`${o.flash ? notice(o.flash) : ''}
    <h1>${m.journalTitle}</h1>
    <p class="fr-text--lead">${m.journalLead}</p>
    ${
      o.actions.length === 0
        ? html`<p>${m.journalNone}</p>`
        : table({
            id: 'journal',
            caption: m.journalTitle,
            hideCaption: true,
            head: [m.colWhen, m.colWho, m.colWhat, m.colTargets, m.reason, m.colOutcomeText],
            rows: o.actions.map((a) => [
              formatInstant(a.at, lang),
              a.operator.displayName,
              m.kinds[a.kind] ?? a.kind,
              targets(m, a.targets),
              a.reason ?? '—',
              outcomes(m, a),
            ]),
          })
    }`;
}
