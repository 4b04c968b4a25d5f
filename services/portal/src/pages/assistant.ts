// The assistant: the question form (no JavaScript; frequent questions as buttons of the same
// form), the answer with each line's record linked, the links to go further, the human help;
// and the small widget other pages may show.
import type { Answer } from '@relais/assistant';
import { errorSummary, textInput } from '@relais/web';
import type { AssistantWords } from '../domain/words-assistant.ts';
import { escapeHtml, html, raw, type Html } from './html.ts';
import { csrfField } from './layout.ts';

/** A line of text, escaped, its https links made clickable. */
function linked(text: string): Html {
  return raw(
    escapeHtml(text).replace(
      /https:\/\/[^\s<]+[^\s<.,;:!?)]/g,
      (url) => `<a href="${url}" rel="noopener noreferrer">${url}</a>`,
    ),
  );
}

const external = (href: string) => href.startsWith('https://');

function answerBlock(w: AssistantWords, question: string, a: Answer): Html {
  return html`<section
    class="fr-mt-4w"
    aria-labelledby="answer-title"
    id="answer"
    data-intent="${a.intent}"
    data-kind="${a.kind}"
  >
    <h2 id="answer-title">${w.answer}</h2>
    <p class="fr-text--sm">${w.yourQuestion}<q>${question}</q></p>
    <ul class="portal-list" id="answer-lines">
      ${a.lines.map(
        (l) =>
          html`<li class="fr-mb-1w">
            ${linked(l.text)}
            ${
              l.cite
                ? html` <a
                    class="fr-link fr-link--sm"
                    href="${l.cite.href}"
                    data-cite="${l.cite.kind}"
                    title="${l.cite.label} — ${l.text.slice(0, 60)}"
                    >${l.cite.label}</a
                  >`
                : ''
            }
          </li>`,
      )}
    </ul>
    ${
      a.links.length
        ? html`<h3 class="fr-h6">${w.sources}</h3>
            <ul>
              ${a.links.map(
                (l) =>
                  html`<li>
                    <a
                      class="fr-link"
                      href="${l.href}"
                      ${external(l.href) ? raw(' rel="noopener noreferrer"') : ''}
                      >${l.text}</a
                    >
                  </li>`,
              )}
            </ul>`
        : ''
    }
    ${
      a.humanHelp
        ? html`<div class="fr-callout fr-mt-2w" id="human-help">
            <h3 class="fr-callout__title">${w.humanTitle}</h3>
            <p class="fr-callout__text">${w.humanText}</p>
          </div>`
        : ''
    }
  </section>`;
}

export function assistantBody(
  w: AssistantWords,
  o: {
    csrf: string;
    question: string;
    answer?: Answer | undefined;
    error?: string | undefined;
    errorTitle: string;
  },
): Html {
  return html`${o.error ? errorSummary(o.errorTitle, [{ field: 'question', message: o.error }]) : ''}
    <h1>${w.title}</h1>
    <p class="fr-text--lead">${w.lead}</p>
    <form method="post" action="/assistant" novalidate>
      ${csrfField(o.csrf)}
      ${textInput({ id: 'question', label: w.field, hint: w.hint, value: o.question, rows: 2, error: o.error })}
      <button class="fr-btn" type="submit">${w.ask}</button>
    </form>
    ${o.answer ? answerBlock(w, o.question, o.answer) : ''}
    <form method="post" action="/assistant" class="fr-mt-4w">
      ${csrfField(o.csrf)}
      <h2 class="fr-h6">${w.suggestions}</h2>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        ${w.suggested.map(
          (q) =>
            html`<li>
              <button class="fr-btn fr-btn--secondary" type="submit" name="question" value="${q}">
                ${q}
              </button>
            </li>`,
        )}
      </ul>
    </form>
    <p class="fr-text--xs fr-mt-2w">${w.privacy}</p>`;
}

/** A small form other pages may show: one field, posting to /assistant. */
export function assistantWidget(w: AssistantWords, csrf: string): Html {
  return html`<aside class="fr-callout fr-mt-4w" aria-labelledby="assistant-widget-title">
    <h2 class="fr-callout__title" id="assistant-widget-title">${w.widgetTitle}</h2>
    <p class="fr-callout__text">${w.widgetText}</p>
    <form method="post" action="/assistant">
      ${csrfField(csrf)}
      ${textInput({ id: 'widget-question', label: w.field, hint: w.hint, value: '' })}
      <button class="fr-btn fr-btn--sm" type="submit">${w.ask}</button>
    </form>
  </aside>`;
}

/** A page's body with the widget after it (the home page's, for a signed-in citizen). */
export const withAssistantWidget = (body: Html, w: AssistantWords, csrf: string): Html =>
  html`${body} ${assistantWidget(w, csrf)}`;
