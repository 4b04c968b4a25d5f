// The frame of every page (@relais/web's DSFR frame, without the design system's script) in the
// portal's words: skip link, the State's header with the service's name, a menu that needs no
// JavaScript at any width, the language switch, sign-out as a form, the footer. And the form parts
// every page shares, their messages taken from the citizen's language.
import {
  choiceFieldset as webChoiceFieldset,
  renderFacePage,
  textInput as webTextInput,
  type FaceContext,
  type FacePageOptions,
} from '@relais/web';
import type { FormError } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';
import { html, type Html } from './html.ts';

export type PageContext = FaceContext<Messages>;
export type PageOptions = FacePageOptions<FormError['message']>;

const NAV = [
  ['/', 'navHome'],
  ['/consents', 'navConsents'],
  ['/access-log', 'navAccessLog'],
  ['/notices', 'navNotices'],
  ['/preferences', 'navPreferences'],
  ['/who-acted', 'navWhoActed'],
] as const;

export { csrfField, notice } from '@relais/web';

export const page = (ctx: PageContext, o: PageOptions): string => renderFacePage(ctx, NAV, o);

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
