// The frame of every console page (@relais/web's DSFR frame in the console's words): the operator's
// name in the header, the menu, the language switch, sign-out as a form. And the form parts and
// small pieces the console's pages share: fields with their messages, badges, a table with its
// caption, a list of facts.
import {
  choiceFieldset as webChoiceFieldset,
  html,
  renderFacePage,
  selectInput as webSelectInput,
  textInput as webTextInput,
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
  ['/flows', 'navFlows'],
  ['/lag', 'navLag'],
  ['/dead-letters', 'navDeadLetters'],
  ['/webhooks', 'navWebhooks'],
  ['/audit', 'navAudit'],
  ['/journal', 'navJournal'],
] as const;

export const page = (ctx: PageContext, o: PageOptions): string => renderFacePage(ctx, NAV, o);

export const errorFor = (errors: readonly FormError[] | undefined, field: string) =>
  errors?.find((e) => e.field === field);

const message = (m: Messages, e: FormError | undefined) => (e ? m[e.message] : undefined);

export const textInput = (
  m: Messages,
  o: Omit<Parameters<typeof webTextInput>[0], 'error'> & { error?: FormError | undefined },
): Html => webTextInput({ ...o, error: message(m, o.error) });

export const selectInput = (
  m: Messages,
  o: Omit<Parameters<typeof webSelectInput>[0], 'error'> & { error?: FormError | undefined },
): Html => webSelectInput({ ...o, error: message(m, o.error) });

export const choiceFieldset = (
  m: Messages,
  o: Omit<Parameters<typeof webChoiceFieldset>[0], 'error'> & { error?: FormError | undefined },
): Html => webChoiceFieldset({ ...o, error: message(m, o.error) });

export type BadgeKind = 'success' | 'error' | 'info' | 'warning' | 'new';

/** A DSFR badge: a status in a word, its colour never the only sign. */
export const badge = (kind: BadgeKind, text: string): Html =>
  html`<span class="fr-badge fr-badge--sm fr-badge--${kind} fr-badge--no-icon">${text}</span>`;

/**
 * A table with its caption (shown, or for screen readers only). When narrow (below 48em) each row
 * stacks as a card, every cell labelled by its column (data-label); wider, a table that scrolls
 * sideways in a region the keyboard can reach (focusable, named by the caption) if it must.
 */
export function table(o: {
  id: string;
  caption: string;
  hideCaption?: boolean;
  head: readonly string[];
  rows: readonly (readonly Part[])[];
}): Html {
  const cls = `fr-table fr-table--sm fr-table--multiline${o.hideCaption ? ' fr-table--no-caption' : ''}`;
  return html`<div class="${cls} console-table" id="${o.id}">
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
                          <div class="console-cell">${c}</div>
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

/** Terms and their values. */
export const facts = (items: ReadonlyArray<readonly [string, Part]>): Html =>
  html`<dl class="console-facts">
    ${items.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
