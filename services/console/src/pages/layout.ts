// The frame of every console page (@relais/web's DSFR frame in the console's words): the operator's
// name in the header, the menu, the language switch, sign-out as a form. And the form parts and
// small pieces the console's pages share: fields with their messages, badges, a table with its
// caption, a list of facts.
import {
  choiceFieldset as webChoiceFieldset,
  facePage,
  html,
  selectInput as webSelectInput,
  textInput as webTextInput,
  type Html,
  type Part,
} from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';

export { csrfField, notice } from '@relais/web';

export interface PageContext {
  lang: Lang;
  m: Messages;
  /** The current path (the route's pattern), for the menu and the language switch. */
  path: string;
  cssPath: string;
  /** Signed in as an operator: the name shown and the sign-out form's CSRF token. */
  operator?: { displayName: string; csrf: string } | undefined;
  /** An agent refused for want of the role: only sign-out is left. */
  signOutOnly?: { csrf: string } | undefined;
}

export interface PageOptions {
  title: string;
  body: Part;
  errors?: readonly FormError[];
  scripts?: readonly string[];
}

const NAV = [
  ['/', 'navHome'],
  ['/flows', 'navFlows'],
  ['/lag', 'navLag'],
  ['/dead-letters', 'navDeadLetters'],
  ['/webhooks', 'navWebhooks'],
  ['/audit', 'navAudit'],
  ['/journal', 'navJournal'],
] as const;

const current = (path: string, href: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);

export function page(ctx: PageContext, o: PageOptions): string {
  const { m } = ctx;
  return facePage({
    lang: ctx.lang,
    words: { ...m, footer: m.footer },
    cssPath: ctx.cssPath,
    ...(o.scripts ? { scripts: o.scripts } : {}),
    path: ctx.path,
    title: o.title,
    signedIn: ctx.operator && {
      name: ctx.operator.displayName,
      csrf: ctx.operator.csrf,
      nav: NAV.map(([href, key]) => ({ href, text: m[key], current: current(ctx.path, href) })),
    },
    signOutOnly: ctx.signOutOnly,
    errors: o.errors?.map((e) => ({ field: e.field, message: m[e.message] })),
    body: o.body,
  });
}

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
  html`<p class="fr-badge fr-badge--sm fr-badge--${kind} fr-badge--no-icon">${text}</p>`;

/**
 * A table with its caption (shown, or for screen readers only). When narrow it scrolls sideways in
 * a region the keyboard can reach (focusable, named by the caption).
 */
export function table(o: {
  id: string;
  caption: string;
  hideCaption?: boolean;
  head: readonly Part[];
  rows: readonly (readonly Part[])[];
}): Html {
  return html`<div class="fr-table fr-table--sm console-table" id="${o.id}">
    <div class="fr-table__wrapper">
      <div class="fr-table__container" role="region" tabindex="0" aria-labelledby="${o.id}-caption">
        <div class="fr-table__content">
          <table>
            <caption id="${o.id}-caption" class="${o.hideCaption ? 'fr-sr-only' : ''}">
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
                    ${r.map((c) => html`<td>${c}</td>`)}
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
