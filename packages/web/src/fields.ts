// The form parts every face's pages share, in the design system's markup: the error summary that
// takes focus, inputs (one line or several), selects, groups of radios or checkboxes — each with
// its message linked by aria-describedby —, the notice after an action, and the body of a page
// that says one thing. Words come in already in the page's language.
import { html, raw, type Html, type Part } from './html.ts';

export interface FieldMessage {
  /** The id of the input (or the first input of the group) the summary links to. */
  field: string;
  message: string;
}

/** GOV.UK's error summary in DSFR's alert: first on the page, focused, a link to each field. */
export function errorSummary(title: string, errors: readonly FieldMessage[]): Html {
  return html`<div
    class="fr-alert fr-alert--error fr-mb-4w"
    id="error-summary"
    tabindex="-1"
    autofocus
    aria-labelledby="error-summary-title"
  >
    <h2 class="fr-alert__title" id="error-summary-title">${title}</h2>
    <ul>
      ${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}
    </ul>
  </div>`;
}

const describedBy = (id: string, hint: unknown, error: unknown): Html => {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? raw(` aria-describedby="${ids}"`) : raw('');
};

export function textInput(o: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  type?: 'text' | 'email' | 'date' | 'datetime-local' | 'number';
  autocomplete?: string;
  /** The message under the field, in the page's language. */
  error?: string | undefined;
  spellcheck?: boolean;
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
}): Html {
  const cls = `fr-input${o.error ? ' fr-input--error' : ''}`;
  const attrs = html`${o.autocomplete ? raw(` autocomplete="${o.autocomplete}"`) : ''}${o.spellcheck === false ? raw(' spellcheck="false"') : ''}${describedBy(o.id, o.hint, o.error)}`;
  return html`<div class="fr-input-group${o.error ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${o.id}"
      >${o.label}${o.hint ? html`<span class="fr-hint-text" id="${o.id}-hint">${o.hint}</span>` : ''}</label
    >
    ${
      o.rows
        ? html`<textarea class="${cls}" id="${o.id}" name="${o.id}" rows="${o.rows}" ${attrs}>
${o.value}</textarea>`
        : html`<input
            class="${cls}"
            id="${o.id}"
            name="${o.id}"
            type="${o.type ?? 'text'}"
            value="${o.value}"
            ${attrs}
          />`
    }
    ${o.error ? html`<p class="fr-error-text" id="${o.id}-error">${o.error}</p>` : ''}
  </div>`;
}

export function selectInput(o: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string | undefined;
}): Html {
  return html`<div class="fr-select-group${o.error ? ' fr-select-group--error' : ''}">
    <label class="fr-label" for="${o.id}"
      >${o.label}${o.hint ? html`<span class="fr-hint-text" id="${o.id}-hint">${o.hint}</span>` : ''}</label
    >
    <select
      class="fr-select${o.error ? ' fr-select--error' : ''}"
      id="${o.id}"
      name="${o.id}"
      ${describedBy(o.id, o.hint, o.error)}
    >
      ${o.options.map(
        (opt) =>
          html`<option value="${opt.value}" ${opt.value === o.value ? raw(' selected') : ''}>
            ${opt.label}
          </option>`,
      )}
    </select>
    ${o.error ? html`<p class="fr-error-text" id="${o.id}-error">${o.error}</p>` : ''}
  </div>`;
}

/** A group of radios or checkboxes: its legend, hint, items and error. */
export function choiceFieldset(o: {
  id: string;
  legend: string;
  hint?: string | undefined;
  type: 'radio' | 'checkbox';
  name: string;
  items: ReadonlyArray<{ value: string; label: Part; hint?: string; checked: boolean }>;
  error?: string | undefined;
  inline?: boolean;
}): Html {
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
      ${o.error ? html`<p class="fr-message fr-message--error">${o.error}</p>` : ''}
    </div>
  </fieldset>`;
}

export function notice(text: Part, kind: 'success' | 'info' | 'warning' = 'success'): Html {
  return html`<div class="fr-alert fr-alert--${kind} fr-alert--sm fr-mb-4w" role="status">
    <p>${text}</p>
  </div>`;
}

/** A page that says one thing and offers one way on (errors, signed out, refusals). */
export function messageBody(o: {
  title: string;
  lead: string;
  more?: string | undefined;
  link?: { href: string; text: string } | undefined;
}): Html {
  return html`<h1>${o.title}</h1>
    <p class="fr-text--lead">${o.lead}</p>
    ${o.more ? html`<p>${o.more}</p>` : ''}
    ${o.link ? html`<p><a class="fr-btn" href="${o.link.href}">${o.link.text}</a></p>` : ''}`;
}
