// The login step: a plain list of demo accounts with the eIDAS level each reaches, and one button.
import type { Citizen } from '../domain/citizens.ts';
import { satisfies, type EidasLevel } from '../domain/eidas.ts';
import { errorSummary, esc, page } from './html.ts';
import { WORDS, type Lang } from './i18n.ts';

export interface LoginView {
  lang: Lang;
  action: string;
  abortAction: string;
  switchHref: string;
  service: string;
  required: EidasLevel;
  citizens: readonly Citizen[];
  /** The login prompt asked again because the session's level was too low. */
  levelTooLowBefore: boolean;
  /** The account chosen in the refused submission, kept checked. */
  chosen?: string;
  error?: { kind: 'none' } | { kind: 'level'; citizen: Citizen };
}

export const citizenFieldId = (handle: string) => `citizen-${handle}`;

export function loginPage(v: LoginView): string {
  const w = WORDS[v.lang];
  const first = v.citizens[0];
  const errorTarget =
    v.error?.kind === 'level' ? v.error.citizen.handle : (v.chosen ?? first?.handle ?? '');
  const message =
    v.error === undefined
      ? undefined
      : v.error.kind === 'none'
        ? w.login.errorNone
        : w.login.errorLevel(
            v.error.citizen.name,
            w.levels[v.error.citizen.eidasMax],
            w.levels[v.required],
          );
  const items = v.citizens
    .map((c) => {
      const id = citizenFieldId(c.handle);
      const ok = satisfies(c.eidasMax, v.required);
      const level = ok
        ? w.login.reaches(w.levels[c.eidasMax])
        : w.login.tooLow(w.levels[c.eidasMax]);
      const checked = v.chosen === c.handle ? ' checked' : '';
      return `<li class="choice${ok ? '' : ' low'}"><input type="radio" name="citizen" id="${id}" value="${esc(c.handle)}"${checked} aria-describedby="${id}-level"><label for="${id}">${esc(c.name)}<span class="level" id="${id}-level">${esc(level)}</span></label></li>`;
    })
    .join('\n');
  const fieldError =
    message === undefined
      ? ''
      : `<p class="field-error" id="citizen-error"><span class="visually-hidden">${esc(w.errors.summary + w.colon)} </span>${esc(message)}</p>`;
  const main = `${errorSummary(v.lang, message === undefined ? [] : [{ href: citizenFieldId(errorTarget), message }])}
<h1>${esc(w.login.title)}</h1>
<p class="lead">${esc(w.login.intro(v.service))}</p>
<p>${esc(w.login.levelAsked(w.levels[v.required]))}</p>
${v.levelTooLowBefore ? `<p>${esc(w.login.reasonLevel)}</p>` : ''}
<form method="post" action="${esc(v.action)}" novalidate>
<fieldset${message === undefined ? '' : ' class="fieldset-error" aria-describedby="citizen-error"'}>
<legend>${esc(w.login.legend)}</legend>
${fieldError}
<ul class="choices">
${items}
</ul>
</fieldset>
<div class="actions"><button type="submit" class="primary">${esc(w.login.submit)}</button></div>
</form>
<form method="post" action="${esc(v.abortAction)}" class="actions">
<button type="submit" class="secondary">${esc(w.login.cancel)}</button>
</form>
<p class="note">${esc(w.login.demoNote)}</p>`;
  return page({ lang: v.lang, title: w.login.title, switchHref: v.switchHref, main });
}
