// The frame of every page (DSFR markup without its script): skip link, the State's header with the
// service's name, a menu that needs no JavaScript at any width, the language switch (a link, with
// its own lang), sign-out as a form, the footer. And the form parts every page shares: the error
// summary that takes focus, inputs, fieldsets, checkboxes, radios, with their error messages.
import type { FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import { html, raw, type Html, type Part } from './html.ts';

export interface PageContext {
  lang: Lang;
  m: Messages;
  /** The current path, for the menu's aria-current and the language switch's way back. */
  path: string;
  cssPath: string;
  /** Signed in: the first given name and the CSRF token of the sign-out form. */
  citizen?: { givenName: string; csrf: string } | undefined;
  /** Only sign-out is left (an identity Relais does not know). */
  signOutOnly?: { csrf: string } | undefined;
}

export interface PageOptions {
  title: string;
  body: Part;
  /** Form errors: the title says "Erreur" and the summary is shown first. */
  errors?: readonly FormError[];
}

const NAV = [
  ['/', 'navHome'],
  ['/consents', 'navConsents'],
  ['/access-log', 'navAccessLog'],
  ['/notices', 'navNotices'],
  ['/preferences', 'navPreferences'],
] as const;

function current(path: string, href: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

function signOutForm(m: Messages, csrf: string): Html {
  return html`<form method="post" action="/logout">
    ${csrfField(csrf)}<button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">
      ${m.signOut}
    </button>
  </form>`;
}

export function page(ctx: PageContext, o: PageOptions): string {
  const { m, lang } = ctx;
  const title = `${o.errors?.length ? m.errorPrefix : ''}${o.title} — ${m.serviceName}`;
  const back = encodeURIComponent(ctx.path);
  const switchLink = html`<a
    class="fr-btn fr-btn--tertiary fr-btn--sm"
    href="/lang/${m.switchLang}?back=${back}"
    hreflang="${m.switchLang}"
    lang="${m.switchLang}"
    title="${m.switchLabel}"
    >${m.switchTo}</a
  >`;
  const nav = ctx.citizen
    ? html`<nav class="fr-container portal-menu" aria-label="${m.mainNav}" id="menu">
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          ${NAV.map(
            ([href, key]) =>
              html`<li>
                <a
                  class="fr-btn fr-btn--tertiary-no-outline"
                  href="${href}"
                  ${current(ctx.path, href) ? raw(' aria-current="page"') : ''}
                  >${m[key]}</a
                >
              </li>`,
          )}
        </ul>
      </nav>`
    : '';
  const tools = html`<div class="portal-actions portal-tools">
    ${switchLink}
    ${ctx.citizen ? html`<span class="fr-text--sm fr-mb-0">${m.signedInAs(ctx.citizen.givenName)}</span>${signOutForm(m, ctx.citizen.csrf)}` : ''}
    ${ctx.signOutOnly ? signOutForm(m, ctx.signOutOnly.csrf) : ''}
  </div>`;
  return html`<!doctype html>
    <html lang="${lang}" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="${ctx.cssPath}" />
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" aria-label="${lang === 'fr' ? 'Accès rapide' : 'Quick access'}">
            <ul class="fr-skiplinks__list">
              <li><a class="fr-link" href="#content">${m.skipToContent}</a></li>
              ${ctx.citizen ? html`<li><a class="fr-link" href="#menu">${m.skipToNav}</a></li>` : ''}
            </ul>
          </nav>
        </div>
        <header class="fr-header">
          <div class="fr-header__body">
            <div class="fr-container">
              <div class="fr-header__body-row">
                <div class="fr-header__brand">
                  <div class="fr-header__brand-top">
                    <div class="fr-header__logo"><p class="fr-logo">${raw(m.republic)}</p></div>
                  </div>
                  <div class="fr-header__service">
                    <a href="/" title="${m.navHome} — ${m.serviceName}"
                      ><p class="fr-header__service-title">${m.serviceName}</p></a
                    >
                    <p class="fr-header__service-tagline">${m.serviceTagline}</p>
                  </div>
                </div>
              </div>
            </div>
          </div>
          <div class="fr-container">${tools}</div>
          ${nav}
        </header>
        <main id="content" tabindex="-1">
          <div class="fr-container fr-my-4w">
            ${o.errors?.length ? errorSummary(m, o.errors) : ''} ${o.body}
          </div>
        </main>
        <footer class="fr-footer" id="footer">
          <div class="fr-container">
            <div class="fr-footer__body">
              <div class="fr-footer__brand"><p class="fr-logo">${raw(m.republic)}</p></div>
              <div class="fr-footer__content">
                <p class="fr-footer__content-desc">${m.footerText} ${m.footerDemo}</p>
              </div>
            </div>
          </div>
        </footer>
      </body>
    </html>`.value;
}

/** GOV.UK's error summary in DSFR's alert: first on the page, focused, a link to each field. */
export function errorSummary(m: Messages, errors: readonly FormError[]): Html {
  return html`<div
    class="fr-alert fr-alert--error fr-mb-4w"
    id="error-summary"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <h2 class="fr-alert__title" id="error-summary-title">${m.errorSummaryTitle}</h2>
    <ul>
      ${errors.map((e) => html`<li><a href="#${e.field}">${m[e.message]}</a></li>`)}
    </ul>
  </div>`;
}

export const errorFor = (errors: readonly FormError[] | undefined, ...fields: string[]) =>
  errors?.find((e) => fields.includes(e.field));

export function textInput(
  m: Messages,
  o: {
    id: string;
    label: string;
    hint?: string;
    value: string;
    type?: 'text' | 'email' | 'date';
    autocomplete?: string;
    error?: FormError | undefined;
    spellcheck?: boolean;
  },
): Html {
  const described = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="fr-input-group${o.error ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${o.id}"
      >${o.label}${o.hint ? html`<span class="fr-hint-text" id="${o.id}-hint">${o.hint}</span>` : ''}</label
    >
    <input
      class="fr-input${o.error ? ' fr-input--error' : ''}"
      id="${o.id}"
      name="${o.id}"
      type="${o.type ?? 'text'}"
      value="${o.value}"
      ${o.autocomplete ? raw(` autocomplete="${o.autocomplete}"`) : ''}${o.spellcheck === false ? raw(' spellcheck="false"') : ''}${described ? raw(` aria-describedby="${described}"`) : ''}
    />
    ${o.error ? html`<p class="fr-error-text" id="${o.id}-error">${m[o.error.message]}</p>` : ''}
  </div>`;
}

/** A group of radios or checkboxes: its legend, hint, items and error. */
export function choiceFieldset(
  m: Messages,
  o: {
    id: string;
    legend: string;
    hint?: string | undefined;
    type: 'radio' | 'checkbox';
    name: string;
    items: ReadonlyArray<{ value: string; label: string; hint?: string; checked: boolean }>;
    error?: FormError | undefined;
    inline?: boolean;
  },
): Html {
  const cls = o.type === 'radio' ? 'fr-radio-group' : 'fr-checkbox-group';
  return html`<fieldset
    class="fr-fieldset${o.error ? ' fr-fieldset--error' : ''}"
    id="${o.id}"
    aria-labelledby="${o.id}-legend ${o.id}-messages"
  >
    <legend class="fr-fieldset__legend" id="${o.id}-legend">
      ${o.legend}${o.hint ? html`<span class="fr-hint-text">${o.hint}</span>` : ''}
    </legend>
    ${o.items.map(
      (item) =>
        html`<div class="fr-fieldset__element${o.inline ? ' fr-fieldset__element--inline' : ''}">
          <div class="${cls}">
            <input
              type="${o.type}"
              id="${o.name}-${item.value}"
              name="${o.name}"
              value="${item.value}"
              ${item.checked ? raw(' checked') : ''}
            />
            <label class="fr-label" for="${o.name}-${item.value}"
              >${item.label}${item.hint ? html`<span class="fr-hint-text">${item.hint}</span>` : ''}</label
            >
          </div>
        </div>`,
    )}
    <div class="fr-messages-group" id="${o.id}-messages" aria-live="polite">
      ${o.error ? html`<p class="fr-message fr-message--error">${m[o.error.message]}</p>` : ''}
    </div>
  </fieldset>`;
}

export function notice(text: Part, kind: 'success' | 'info' | 'warning' = 'success'): Html {
  return html`<div class="fr-alert fr-alert--${kind} fr-alert--sm fr-mb-4w" role="status">
    <p>${text}</p>
  </div>`;
}

export function stepUpCallout(m: Messages, text: string, next: string): Html {
  return html`<div class="fr-callout fr-mb-4w">
    <h2 class="fr-callout__title">${m.stepUpTitle}</h2>
    <p class="fr-callout__text">${text}</p>
    <a class="fr-btn" href="/login?level=eidas2&amp;next=${encodeURIComponent(next)}"
      >${m.stepUpButton}</a
    >
  </div>`;
}
