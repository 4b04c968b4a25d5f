// The frame of every page of a Relais face, in the design system's markup without its script:
// skip links, the State's header with the service's name, the tools row (language switch, who is
// signed in, sign-out as a form), a menu that needs no JavaScript at any width, the footer; and a
// face's page in its words (the form parts are in fields.ts). Words come in already in the page's
// language: these functions hold none.
import type { Lang } from './format.ts';
import { html, raw, type Html, type Part } from './html.ts';
import { errorSummary, type FieldMessage } from './fields.ts';
import type { FieldError, StringKey } from './words.ts';

/** The frame's own rules, appended to every face's stylesheet. */
export const FRAME_CSS = `
.relais-tools{padding:.5rem 0}
.relais-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.relais-actions form{margin:0}
.relais-lang{display:inline-flex}
`;

export interface FrameWords {
  /** « République<br>Française »: trusted markup. */
  republic: string;
  serviceName: string;
  serviceTagline: string;
  /** The home link's title. */
  homeTitle: string;
  skipLinks: string;
  skipToContent: string;
  skipToNav: string;
  footer: string;
}

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

/** The menu's items, the current page's marked: the home on itself only, others on their subpaths. */
export function navItems(
  path: string,
  items: ReadonlyArray<readonly [href: string, text: string]>,
): NavItem[] {
  return items.map(([href, text]) => ({
    href,
    text,
    current: href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`),
  }));
}

export interface FrameInput {
  lang: Lang;
  /** The document's whole title. */
  title: string;
  cssPath: string;
  /** Scripts from this origin (deferred); none by default. */
  scripts?: readonly string[];
  words: FrameWords;
  /** The row under the header: language switch, who is signed in, sign-out. */
  tools: Part;
  /** The main menu, when signed in. */
  nav?: { label: string; items: readonly NavItem[] };
  main: Part;
}

export function dsfrPage(f: FrameInput): string {
  const { words: w, lang } = f;
  const nav = f.nav
    ? html`<nav class="fr-container relais-menu" aria-label="${f.nav.label}" id="menu">
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
          ${f.nav.items.map(
            (item) =>
              html`<li>
                <a
                  class="fr-btn fr-btn--tertiary-no-outline"
                  href="${item.href}"
                  ${item.current ? raw(' aria-current="page"') : ''}
                  >${item.text}</a
                >
              </li>`,
          )}
        </ul>
      </nav>`
    : '';
  return html`<!doctype html>
    <html lang="${lang}" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${f.title}</title>
        <link rel="stylesheet" href="${f.cssPath}" />
        ${(f.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" aria-label="${w.skipLinks}">
            <ul class="fr-skiplinks__list">
              <li><a class="fr-link" href="#content">${w.skipToContent}</a></li>
              ${f.nav ? html`<li><a class="fr-link" href="#menu">${w.skipToNav}</a></li>` : ''}
            </ul>
          </nav>
        </div>
        <header class="fr-header">
          <div class="fr-header__body">
            <div class="fr-container">
              <div class="fr-header__body-row">
                <div class="fr-header__brand">
                  <div class="fr-header__brand-top">
                    <div class="fr-header__logo"><p class="fr-logo">${raw(w.republic)}</p></div>
                  </div>
                  <div class="fr-header__service">
                    <a href="/" title="${w.homeTitle}"
                      ><p class="fr-header__service-title">${w.serviceName}</p></a
                    >
                    <p class="fr-header__service-tagline">${w.serviceTagline}</p>
                  </div>
                </div>
              </div>
            </div>
          </div>
          <div class="fr-container"><div class="relais-actions relais-tools">${f.tools}</div></div>
          ${nav}
        </header>
        <main id="content" tabindex="-1">
          <div class="fr-container fr-my-4w">${f.main}</div>
        </main>
        <footer class="fr-footer" id="footer">
          <div class="fr-container">
            <div class="fr-footer__body">
              <div class="fr-footer__brand"><p class="fr-logo">${raw(w.republic)}</p></div>
              <div class="fr-footer__content">
                <p class="fr-footer__content-desc">${w.footer}</p>
              </div>
            </div>
          </div>
        </footer>
      </body>
    </html>`.value;
}

/** The words every face's frame needs, in the page's language. */
export interface FaceWords {
  serviceName: string;
  serviceTagline: string;
  republic: string;
  skipLinks: string;
  skipToContent: string;
  skipToNav: string;
  navHome: string;
  switchTo: string;
  switchLang: Lang;
  switchLabel: string;
  mainNav: string;
  signOut: string;
  signedInAs: (name: string) => string;
  errorPrefix: string;
  errorSummaryTitle: string;
  footer: string;
}

export interface FacePage {
  lang: Lang;
  words: FaceWords;
  cssPath: string;
  scripts?: readonly string[];
  /** The page's path, for the language switch's way back. */
  path: string;
  title: string;
  /** Signed in: the menu, the name shown and the sign-out form's CSRF token. */
  signedIn?: { name: string; csrf: string; nav: readonly NavItem[] } | undefined;
  /** Only sign-out is left (an identity the face refuses or does not know). */
  signOutOnly?: { csrf: string } | undefined;
  /** Form errors: the title says "Erreur" and the summary comes first. */
  errors?: readonly FieldMessage[] | undefined;
  body: Part;
}

/** A face's page: the frame in its words, its tools row, its menu when signed in. */
export function facePage(p: FacePage): string {
  const w = p.words;
  const signOut = (csrf: string) => signOutForm({ csrf, text: w.signOut });
  return dsfrPage({
    lang: p.lang,
    title: `${p.errors?.length ? w.errorPrefix : ''}${p.title} — ${w.serviceName}`,
    cssPath: p.cssPath,
    ...(p.scripts ? { scripts: p.scripts } : {}),
    words: { ...w, homeTitle: `${w.navHome} — ${w.serviceName}` },
    tools: html`${langSwitch({
      href: `/lang/${w.switchLang}?back=${encodeURIComponent(p.path)}`,
      lang: w.switchLang,
      text: w.switchTo,
      title: w.switchLabel,
    })}
    ${p.signedIn ? html`<span class="fr-text--sm fr-mb-0">${w.signedInAs(p.signedIn.name)}</span>${signOut(p.signedIn.csrf)}` : ''}
    ${p.signOutOnly ? signOut(p.signOutOnly.csrf) : ''}`,
    ...(p.signedIn ? { nav: { label: w.mainNav, items: p.signedIn.nav } } : {}),
    main: html`${p.errors?.length ? errorSummary(w.errorSummaryTitle, p.errors) : ''} ${p.body}`,
  });
}

/** What a face's page knows of the visit: the language and its words, the path, who is in. */
export interface FaceContext<W extends FaceWords> {
  lang: Lang;
  m: W;
  /** The current path (the route's pattern), for the menu and the language switch's way back. */
  path: string;
  cssPath: string;
  /** Signed in: the name the header shows and the sign-out form's CSRF token. */
  signedIn?: { name: string; csrf: string } | undefined;
  /** Only sign-out is left (an identity the face refuses or does not know). */
  signOutOnly?: { csrf: string } | undefined;
}

export interface FacePageOptions<K extends string> {
  title: string;
  body: Part;
  /** Form errors (message keys of the face's words): "Erreur" in the title, the summary first. */
  errors?: readonly FieldError<K>[] | undefined;
  scripts?: readonly string[];
}

/** A face's page in its words, with its menu (paths and word keys) when someone is signed in. */
export function renderFacePage<W extends FaceWords, K extends StringKey<W> & string>(
  ctx: FaceContext<W>,
  nav: ReadonlyArray<readonly [href: string, key: K]>,
  o: FacePageOptions<K>,
): string {
  const { m } = ctx;
  const say = (key: K) => m[key] as string;
  return facePage({
    lang: ctx.lang,
    words: m,
    cssPath: ctx.cssPath,
    ...(o.scripts ? { scripts: o.scripts } : {}),
    path: ctx.path,
    title: o.title,
    signedIn: ctx.signedIn && {
      ...ctx.signedIn,
      nav: navItems(
        ctx.path,
        nav.map(([href, key]) => [href, say(key)] as const),
      ),
    },
    signOutOnly: ctx.signOutOnly,
    errors: o.errors?.map((e) => ({ field: e.field, message: say(e.message) })),
    body: o.body,
  });
}

/** The link to the same page in the other language, in that language. */
export function langSwitch(o: { href: string; lang: Lang; text: string; title: string }): Html {
  return html`<a
    class="fr-btn fr-btn--tertiary fr-btn--sm"
    href="${o.href}"
    hreflang="${o.lang}"
    lang="${o.lang}"
    title="${o.title}"
    >${o.text}</a
  >`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

export function signOutForm(o: { csrf: string; text: string; action?: string }): Html {
  return html`<form method="post" action="${o.action ?? '/logout'}">
    ${csrfField(o.csrf)}<button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">
      ${o.text}
    </button>
  </form>`;
}
