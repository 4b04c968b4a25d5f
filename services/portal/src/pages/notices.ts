// My notices: the list, and one notice in the citizen's language (its explanation, the estimated
// amount, how to claim), read from the notifier's bilingual text.
import type { NoticeFull, NoticeSummary } from '../adapters/citizen-api.ts';
import { formatDate, type Lang } from '../domain/format.ts';
import type { Messages } from '../domain/i18n.ts';
import { html, raw, type Html } from './html.ts';
import { escapeHtml } from './html.ts';

const channelKey = {
  PORTAL: 'channelPORTAL',
  EMAIL: 'channelEMAIL',
  POSTAL_LETTER: 'channelPOSTAL_LETTER',
} as const;

export function noticesBody(m: Messages, lang: Lang, notices: NoticeSummary[]): Html {
  return html`<h1>${m.noticesTitle}</h1>
    <p class="fr-text--lead">${m.noticesLead}</p>
    ${
      notices.length
        ? html`<ul class="portal-list">
            ${notices.map(
              (n) =>
                html`<li class="portal-item">
                  ${n.openedAt ? '' : html`<p class="fr-badge fr-badge--sm fr-badge--new">${m.noticeNew}</p>`}
                  <h2 class="fr-h6 fr-mt-1w fr-mb-1w">${n.subject}</h2>
                  <p class="fr-text--sm fr-mb-1w">
                    ${[
                      m.noticeReceived(formatDate(n.createdAt, lang)),
                      n.openedAt ? m.noticeOpened(formatDate(n.openedAt, lang)) : '',
                      n.claimedAt ? m.noticeClaimed(formatDate(n.claimedAt, lang)) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  <a
                    class="fr-link"
                    href="/notices/${n.noticeId}"
                    title="${m.noticeReadFor(n.subject)}"
                    >${m.noticeRead}</a
                  >
                </li>`,
            )}
          </ul>`
        : html`<p>${m.noticesNone}</p>`
    }`;
}

interface Part {
  lang: Lang;
  subject: string;
  sections: Array<{ heading: string; paragraphs: string[] }>;
}

/**
 * The notifier's text: a pointer line, the preferred language's notice, a rule of dashes, the
 * other language's. Each notice: the subject, then sections (heading, paragraphs) apart by two
 * blank lines.
 */
export function splitNotice(text: string): Part[] {
  const [pointer = '', ...rest] = text.split('\n\n');
  const preferred: Lang = /English version below/.test(pointer) ? 'fr' : 'en';
  const body = rest.join('\n\n');
  return body
    .split(/\n-{20,}\n/)
    .map((chunk, i) => {
      const [subject = '', ...sections] = chunk.trim().split('\n\n\n');
      return {
        lang: (i === 0 ? preferred : preferred === 'fr' ? 'en' : 'fr') as Lang,
        subject: subject.trim(),
        sections: sections.map((s) => {
          const [heading = '', ...paragraphs] = s.split('\n\n');
          return { heading: heading.trim(), paragraphs: paragraphs.map((p) => p.trim()) };
        }),
      };
    })
    .filter((p) => p.subject);
}

/** A paragraph, escaped, its https links made clickable. */
function paragraph(p: string): Html {
  return raw(
    escapeHtml(p).replace(
      /https?:\/\/[^\s<]+[^\s<.,;:!?)]/g,
      (url) => `<a href="${url}" rel="noopener noreferrer">${url}</a>`,
    ),
  );
}

export function noticeBody(m: Messages, lang: Lang, n: NoticeFull): Html {
  const parts = splitNotice(n.text);
  const mine = parts.find((p) => p.lang === lang) ?? parts[0];
  return html`<article
      class="portal-notice"
      ${mine && mine.lang !== lang ? raw(` lang="${mine.lang}"`) : ''}
    >
      <h1>${mine?.subject ?? n.subject}</h1>
      <p class="fr-text--sm">
        ${m.noticeReceived(formatDate(n.createdAt, lang))} ·
        ${m.noticeChannels}${m.colon}${n.deliveries
          .map((d) => m[channelKey[d.channel as keyof typeof channelKey] ?? 'channelPORTAL'])
          .join(', ')}
      </p>
      ${(mine?.sections ?? []).map(
        (s) =>
          html`<section>
            <h2>${s.heading}</h2>
            ${s.paragraphs.map((p) => html`<p>${paragraph(p)}</p>`)}
          </section>`,
      )}
    </article>
    <p class="fr-mt-4w"><a class="fr-link" href="/notices">${m.back}</a></p>`;
}
