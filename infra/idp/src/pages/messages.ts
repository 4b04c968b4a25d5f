// Pages that only say something: errors (expired sign-in, bad request, refused OIDC request),
// the sign-out confirmation and its result.
import { esc, page } from './html.ts';
import { WORDS, type Lang } from './i18n.ts';

export function messagePage(
  lang: Lang,
  title: string,
  paragraphs: string[],
  switchHref?: string,
  code?: string,
): string {
  const w = WORDS[lang];
  const body = paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n');
  const codeLine =
    code === undefined
      ? ''
      : `<p class="note">${esc(w.errors.code + w.colon)} <code>${esc(code)}</code></p>`;
  return page({
    lang,
    title,
    ...(switchHref === undefined ? {} : { switchHref }),
    main: `<h1>${esc(title)}</h1>\n${body}\n${codeLine}`,
  });
}

/** oidc-provider's sign-out form (hidden inputs, id="op.logoutForm") with our words. */
export function logoutPage(lang: Lang, service: string, form: string): string {
  const w = WORDS[lang];
  return page({
    lang,
    title: w.logout.title,
    main: `<h1>${esc(w.logout.title)}</h1>
<p>${esc(w.logout.intro(service))}</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" class="primary">${esc(w.logout.submit)}</button>
<button type="submit" form="op.logoutForm" class="secondary">${esc(w.logout.stay)}</button>
</div>`,
  });
}
