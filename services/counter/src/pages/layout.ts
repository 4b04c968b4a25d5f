// The frame of every counter page (@relais/web's DSFR frame in the counter's words): the agent's
// name in the header, the menu, the language switch, sign-out as a form; a table that stacks as
// cards on a narrow screen (375 px), badges, facts. Its stylesheet: the DSFR components used and a
// few rules of its own.
import {
  html,
  renderFacePage,
  type FaceContext,
  type FacePageOptions,
  type Html,
  type Part,
} from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';

export { csrfField, notice } from '@relais/web';

export type PageContext = FaceContext<Messages>;
export type PageOptions = FacePageOptions<FormError['message']>;

const NAV = [
  ['/', 'navHome'],
  ['/mandates/new', 'navNew'],
] as const;

export const page = (ctx: PageContext, o: PageOptions): string => renderFacePage(ctx, NAV, o);

export const COMPONENTS = [
  'link',
  'button',
  'form',
  'input',
  'checkbox',
  'radio',
  'select',
  'alert',
  'badge',
  'table',
  'skiplink',
  'logo',
  'header',
  'footer',
] as const;

export const COUNTER_CSS = `
[hidden]{display:none!important}
.counter-facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;margin:0 0 1.5rem;padding:0}
.counter-facts dt{font-weight:700}
.counter-facts dd{margin:0;padding-inline-start:0;overflow-wrap:anywhere}
@media (max-width:36em){.counter-facts{grid-template-columns:1fr}.counter-facts dd{margin-bottom:.5rem}}
.counter-section{border-top:1px solid var(--border-default-grey);padding-top:1.5rem;margin-top:1.5rem}
.counter-table{margin-bottom:1.5rem}
.counter-table table{width:100%}
.counter-table td{overflow-wrap:break-word}
.counter-table .fr-badge{white-space:nowrap}
.counter-inline{display:inline}
.counter-scopes{margin:0;padding-inline-start:1rem}
.counter-scopes li{margin-bottom:.25rem}
@media (max-width:47.99em){
.counter-table .fr-table__content table,.counter-table .fr-table__content tbody,.counter-table .fr-table__content tr{display:block;width:100%}
.counter-table .fr-table__content thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.counter-table .fr-table__content tr{border-bottom:1px solid var(--border-default-grey);padding:.5rem 0}
.counter-table .fr-table__content td{display:grid;grid-template-columns:minmax(6.5rem,38%) minmax(0,1fr);gap:.75rem;padding:.25rem .5rem;white-space:normal;background-image:none;overflow-wrap:anywhere}
.counter-table .fr-table__content td::before{content:attr(data-label);font-weight:700}
.counter-table .fr-table__content caption{display:block;text-align:left}
}
`;

export type BadgeKind = 'success' | 'error' | 'info' | 'warning' | 'new';

export const badge = (kind: BadgeKind, text: string): Html =>
  html`<span class="fr-badge fr-badge--sm fr-badge--${kind} fr-badge--no-icon">${text}</span>`;

/** A table with its caption; below 48em each row stacks as a card, cells labelled by column. */
export function table(o: {
  id: string;
  caption: string;
  head: readonly string[];
  rows: readonly (readonly Part[])[];
}): Html {
  return html`<div class="fr-table fr-table--sm fr-table--multiline counter-table" id="${o.id}">
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
                    ${r.map((c, i) => html`<td data-label="${o.head[i] ?? ''}">${c}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  </div>`;
}

export const facts = (items: ReadonlyArray<readonly [string, Part]>): Html =>
  html`<dl class="counter-facts">
    ${items.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
