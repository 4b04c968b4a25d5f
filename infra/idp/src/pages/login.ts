// The login step: a plain list of demo accounts with the eIDAS level each reaches, and one button.
// Citizens for a client of the citizens' audience, agents (with their unit and Relais roles) for
// one of the agents' audience: the form's field says which (`citizen` or `agent`).
import type { Audience } from '../domain/audience.ts';
import { satisfies, type EidasLevel } from '../domain/eidas.ts';
import { errorSummary, esc, page } from './html.ts';
import { WORDS, type Lang } from './i18n.ts';

/** One demo account as the login page lists it. */
export interface LoginAccount {
  handle: string;
  name: string;
  eidasMax: EidasLevel;
  /** For an agent: their unit and roles, shown under the name. */
  detail?: string;
}

export interface LoginView {
  lang: Lang;
  audience: Audience;
  action: string;
  abortAction: string;
  switchHref: string;
  service: string;
  required: EidasLevel;
  accounts: readonly LoginAccount[];
  /** The login prompt asked again because the session's level was too low. */
  levelTooLowBefore: boolean;
  /** The account chosen in the refused submission, kept checked. */
  chosen?: string;
  error?: { kind: 'none' } | { kind: 'level'; account: LoginAccount };
}

/** The form field of an audience: `citizen` or `agent`. */
export const loginField = (audience: Audience) => (audience === 'agents' ? 'agent' : 'citizen');

export function loginPage(v: LoginView): string {
  const w = WORDS[v.lang];
  const words = v.audience === 'agents' ? w.agentLogin : w.login;
  const field = loginField(v.audience);
  const fieldId = (handle: string) => `${field}-${handle}`;
  const first = v.accounts[0];
  const errorTarget =
    v.error?.kind === 'level' ? v.error.account.handle : (v.chosen ?? first?.handle ?? '');
  const message =
    v.error === undefined
      ? undefined
      : v.error.kind === 'none'
        ? words.errorNone
        : w.login.errorLevel(
            v.error.account.name,
            w.levels[v.error.account.eidasMax],
            w.levels[v.required],
          );
  const items = v.accounts
    .map((c) => {
      const id = fieldId(c.handle);
      const ok = satisfies(c.eidasMax, v.required);
      const level = ok
        ? w.login.reaches(w.levels[c.eidasMax])
        : w.login.tooLow(w.levels[c.eidasMax]);
      const checked = v.chosen === c.handle ? ' checked' : '';
      const detail = c.detail === undefined ? '' : `<span class="level">${esc(c.detail)}</span>`;
      return `<li class="choice${ok ? '' : ' low'}"><input type="radio" name="${field}" id="${id}" value="${esc(c.handle)}"${checked} aria-describedby="${id}-level"><label for="${id}">${esc(c.name)}${detail}<span class="level" id="${id}-level">${esc(level)}</span></label></li>`;
    })
    .join('\n');
  const fieldError =
    message === undefined
      ? ''
      : `<p class="field-error" id="${field}-error"><span class="visually-hidden">${esc(w.errors.summary + w.colon)} </span>${esc(message)}</p>`;
  const main = `${errorSummary(v.lang, message === undefined ? [] : [{ href: fieldId(errorTarget), message }])}
<h1>${esc(words.title)}</h1>
<p class="lead">${esc(w.login.intro(v.service))}</p>
<p>${esc(w.login.levelAsked(w.levels[v.required]))}</p>
${v.levelTooLowBefore ? `<p>${esc(w.login.reasonLevel)}</p>` : ''}
<form method="post" action="${esc(v.action)}" novalidate>
<fieldset${message === undefined ? '' : ` class="fieldset-error" aria-describedby="${field}-error"`}>
<legend>${esc(words.legend)}</legend>
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
<p class="note">${esc(words.demoNote)}</p>`;
  return page({
    lang: v.lang,
    audience: v.audience,
    title: words.title,
    switchHref: v.switchHref,
    main,
  });
}
