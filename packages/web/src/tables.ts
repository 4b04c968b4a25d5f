// The agents' faces' badges, tables and facts (the console's, the counter's): a DSFR table with its
// caption that stacks as cards below 48em (375 px), each cell labelled by its column, and terms
// with their values as a grid that stacks below 36em. Their rules: TABLE_CSS, in each face's
// stylesheet.
import { html, type Html, type Part } from './html.ts';

/**
 * A table with its caption (shown, or for screen readers only). When narrow (below 48em) each row
 * stacks as a card, every cell labelled by its column (data-label); wider, a table that scrolls
 * sideways in a region the keyboard can reach (focusable, named by the caption) if it must.
 */
export function stackedTable(o: {
  id: string;
  caption: string;
  hideCaption?: boolean;
  head: readonly string[];
  rows: readonly (readonly Part[])[];
}): Html {
  const cls = `fr-table fr-table--sm fr-table--multiline${o.hideCaption ? ' fr-table--no-caption' : ''}`;
  return html`<div class="${cls} relais-table" id="${o.id}">
    <div class="fr-table__wrapper">
      <div class="fr-table__container" role="region" tabindex="0" aria-labelledby="${o.id}-caption">
        <div class="fr-table__content">
          <table>
            <caption id="${o.id}-caption">
              ${o.caption}
            </caption>
            <thead>
              <tr>
                ${o.head.map((h) => html`<th scope="col">${h}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${o.rows.map(
                (r) =>
                  html`<tr>
                    ${r.map(
                      (c, i) =>
                        html`<td data-label="${o.head[i] ?? ''}">
                          <div class="relais-cell">${c}</div>
                        </td>`,
                    )}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  </div>`;
}

export type BadgeKind = 'success' | 'error' | 'info' | 'warning' | 'new';

/** A DSFR badge: a status in a word, its colour never the only sign. */
export const badge = (kind: BadgeKind, text: string): Html =>
  html`<span class="fr-badge fr-badge--sm fr-badge--${kind} fr-badge--no-icon">${text}</span>`;

/** Terms and their values. */
export const facts = (items: ReadonlyArray<readonly [string, Part]>): Html =>
  html`<dl class="relais-facts">
    ${items.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;

export const TABLE_CSS = `
.relais-facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1rem;padding:0}
.relais-facts dt{font-weight:700}
.relais-facts dd{margin:0;padding-inline-start:0;overflow-wrap:anywhere}
@media (max-width:36em){.relais-facts{grid-template-columns:1fr}.relais-facts dd{margin-bottom:.5rem}}
.relais-table{margin-bottom:1.5rem}
.relais-table table{width:100%}
.relais-table td{overflow-wrap:break-word}
.relais-table .fr-badge{white-space:nowrap;overflow-wrap:normal}
.relais-table td code{font-size:.8125rem;overflow-wrap:break-word}
@media (max-width:47.99em){
.relais-table .fr-table__content table,.relais-table .fr-table__content tbody,.relais-table .fr-table__content tr{display:block;width:100%}
.relais-table .fr-table__content thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.relais-table .fr-table__content tr{border-bottom:1px solid var(--border-default-grey);padding:.5rem 0}
.relais-table .fr-table__content td{display:grid;grid-template-columns:minmax(6.5rem,38%) minmax(0,1fr);gap:.75rem;padding:.25rem .5rem;white-space:normal;background-image:none;overflow-wrap:anywhere}
.relais-table .fr-table__content td::before{content:attr(data-label);font-weight:700}
.relais-table .fr-table__content caption{display:block;text-align:left}
}
`;
