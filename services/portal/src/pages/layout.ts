// The frame of every page (@relais/web's DSFR frame, without the design system's script) in the
// portal's words: skip link, the State's header with the service's name, a menu that needs no
// JavaScript at any width, the language switch, sign-out as a form, the footer. And the form parts
// every page shares, their messages taken from the citizen's language.
import {
  choiceFieldset as webChoiceFieldset,
  facePage,
  textInput as webTextInput,
} from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Lang, Messages } from '../domain/i18n.ts';
import { html, type Html, type Part } from './html.ts';

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

export { csrfField, notice } from '@relais/web';

export function page(ctx: PageContext, o: PageOptions): string {
  const { m, lang } = ctx;
  return facePage({
    lang,
    words: {
      ...m,
      skipLinks: lang === 'fr' ? 'Accès rapide' : 'Quick access',
      footer: `${m.footerText} ${m.footerDemo}`,
    },
    cssPath: ctx.cssPath,
    path: ctx.path,
    title: o.title,
    signedIn: ctx.citizen && {
      name: ctx.citizen.givenName,
      csrf: ctx.citizen.csrf,
      nav: NAV.map(([href, key]) => ({ href, text: m[key], current: current(ctx.path, href) })),
    },
    signOutOnly: ctx.signOutOnly,
    errors: o.errors?.map((e) => ({ field: e.field, message: m[e.message] })),
    body: o.body,
  });
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
  return webTextInput({ ...o, error: o.error ? m[o.error.message] : undefined });
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
  return webChoiceFieldset({ ...o, error: o.error ? m[o.error.message] : undefined });
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
