// The pages' frame: language set on <html>, a visible language switch, a skip link, one stylesheet
// from this origin (the CSP allows nothing else), and no script at all.
import type { Audience } from '../domain/audience.ts';
import { WORDS, type Lang } from './i18n.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export const STYLESHEET_PATH = '/assets/idp.css';

export interface PageInput {
  lang: Lang;
  /** Whose provider the frame names: FranceConnect's shape (default) or ProConnect's. */
  audience?: Audience;
  title: string;
  /** The same page in the other language; omitted where there is none. */
  switchHref?: string;
  main: string;
}

export function page({ lang, audience, title, switchHref, main }: PageInput): string {
  const w = WORDS[lang];
  const note = audience === 'agents' ? w.agentLogin.brandNote : w.brandNote;
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const toggle =
    switchHref === undefined
      ? ''
      : `<a class="lang-switch" href="${esc(switchHref)}" hreflang="${other}" lang="${other}">${esc(w.switchTo)}</a>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} — ${esc(w.brand)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip-link" href="#content">${esc(w.skip)}</a>
<header class="header">
<div class="wrap header-row">
<p class="brand">${esc(w.brand)}<span class="brand-note">${esc(note)}</span></p>
${toggle}
</div>
</header>
<main id="content" class="wrap" tabindex="-1">
${main}
</main>
</body>
</html>
`;
}

export interface FieldError {
  /** The id of the field the summary links to. */
  href: string;
  message: string;
}

/** The error summary at the top of a form: focused on load, each message linking to its field. */
export function errorSummary(lang: Lang, errors: FieldError[]): string {
  if (errors.length === 0) return '';
  const items = errors
    .map((e) => `<li><a href="#${esc(e.href)}">${esc(e.message)}</a></li>`)
    .join('');
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${esc(WORDS[lang].errors.summary)}</h2>
<ul>${items}</ul>
</div>`;
}

export const STYLESHEET = `/* Relais local identity provider. Colours after the DSFR: text on white at 4.5:1 or more. */
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:Marianne,Arial,"Helvetica Neue",sans-serif;line-height:1.5;color:#161616;background:#fff}
.wrap{max-width:40rem;margin:0 auto;padding:0 1rem}
a{color:#000091;text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
main:focus{outline:none}
.skip-link{position:absolute;left:-999rem;top:0;background:#fff;padding:.5rem 1rem}
.skip-link:focus{left:1rem}
.header{border-bottom:1px solid #ddd;margin-bottom:1.5rem}
.header-row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding-top:.75rem;padding-bottom:.75rem}
.brand{margin:0;font-weight:700;color:#000091}
.brand-note{display:block;font-weight:400;font-size:.875rem;color:#3a3a3a}
.lang-switch{font-weight:700;padding:.25rem 0}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.25rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
.lead{font-size:1.125rem}
.note{color:#3a3a3a;font-size:.875rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{font-weight:700;font-size:1.125rem;margin-bottom:.5rem;padding:0}
.choices{list-style:none;margin:0;padding:0}
.choice{display:flex;gap:.75rem;align-items:flex-start;padding:.75rem;border:1px solid #929292;border-radius:.25rem;margin-bottom:.5rem}
.choice input{width:1.5rem;height:1.5rem;margin:.125rem 0 0;flex:none;accent-color:#000091}
.choice label{flex:1;cursor:pointer}
.choice .level{display:block;color:#3a3a3a;font-size:.875rem}
.choice.low .level{color:#b34000}
.field-error{color:#ce0500;font-weight:700;margin:.25rem 0 .75rem}
.fieldset-error{border-left:4px solid #ce0500;padding-left:.75rem}
.error-summary{border:3px solid #ce0500;padding:1rem;margin-bottom:1.5rem}
.error-summary:focus{outline:3px solid #0a76f6;outline-offset:2px}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#ce0500;font-weight:700}
.data{margin:0 0 1.5rem;border-top:1px solid #ddd}
.data div{display:flex;flex-wrap:wrap;gap:0 1rem;padding:.5rem 0;border-bottom:1px solid #ddd}
.data dt{font-weight:700;flex:0 0 12rem;max-width:100%}
.data dd{margin:0;flex:1 1 12rem;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:0 0 1.5rem}
.actions form{margin:0}
button{font:inherit;font-weight:700;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.25rem;cursor:pointer}
.primary{background:#000091;color:#fff;border:2px solid #000091}
.primary:hover{background:#1212ff;border-color:#1212ff}
.secondary{background:#fff;color:#000091;border:2px solid #000091}
.secondary:hover{background:#f5f5fe}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
code{overflow-wrap:anywhere}
`;
