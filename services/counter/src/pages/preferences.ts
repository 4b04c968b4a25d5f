// The citizen's notice preferences at the counter (scope PREFERENCES): the same form as the
// citizen's own page on the portal (@relais/web's reading and checks), sent to the notifier
// under the mandate; channels, language, e-mail, postal address, pause.
import {
  ADDRESS_LINES,
  CHANNELS,
  choiceFieldset,
  csrfField,
  html,
  textInput,
  type PreferencesError,
  type PreferencesInput,
} from '@relais/web';
import { notice, type PageContext, type PageOptions } from './layout.ts';

export function preferencesPage(
  ctx: PageContext,
  o: {
    mandateId: string;
    csrf: string;
    input: PreferencesInput;
    errors?: readonly PreferencesError[];
    flash?: string | undefined;
  },
): PageOptions {
  const { m } = ctx;
  const errors = o.errors ?? [];
  const error = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? m[e.message] : undefined;
  };
  const { input } = o;
  const base = `/mandates/${o.mandateId}`;
  return {
    title: m.prefsPageTitle,
    errors,
    body: html`<h1>${m.prefsPageTitle}</h1>
      ${o.flash ? notice(o.flash) : ''}
      <p class="fr-text--lead">${m.prefsLead}</p>
      <form method="post" action="${base}/preferences" novalidate>
        ${csrfField(o.csrf)}
        ${choiceFieldset({
          id: 'channels',
          legend: m.prefsChannels,
          hint: m.prefsChannelsHint,
          type: 'checkbox',
          name: 'channels',
          error: error('channels-PORTAL'),
          items: CHANNELS.map((c) => ({
            value: c,
            label: m[`channel${c}`],
            checked: input.channels.includes(c),
          })),
        })}
        ${choiceFieldset({
          id: 'language',
          legend: m.prefsLanguage,
          type: 'radio',
          name: 'language',
          inline: true,
          error: error('language-FR'),
          items: [
            { value: 'FR', label: m.langFR, checked: input.language === 'FR' },
            { value: 'EN', label: m.langEN, checked: input.language === 'EN' },
          ],
        })}
        ${textInput({
          id: 'email',
          label: m.prefsEmail,
          value: input.email,
          type: 'email',
          autocomplete: 'off',
          spellcheck: false,
          error: error('email'),
        })}
        <fieldset class="fr-fieldset" aria-labelledby="postal-legend">
          <legend class="fr-fieldset__legend" id="postal-legend">${m.prefsPostal}</legend>
          <div class="fr-fieldset__element">
            ${textInput({
              id: 'name',
              label: m.prefsName,
              value: input.name,
              autocomplete: 'off',
              error: error('name'),
            })}
          </div>
          ${Array.from(
            { length: ADDRESS_LINES },
            (_, i) =>
              html`<div class="fr-fieldset__element">
                ${textInput({
                  id: `line${i + 1}`,
                  label: i < 2 ? m.prefsLine(i + 1) : m.prefsLineOptional(i + 1),
                  value: input.lines[i] ?? '',
                  autocomplete: 'off',
                  error: error(`line${i + 1}`),
                })}
              </div>`,
          )}
        </fieldset>
        ${choiceFieldset({
          id: 'pause',
          legend: m.prefsPause,
          type: 'checkbox',
          name: 'paused',
          items: [{ value: 'yes', label: m.prefsPauseLabel, checked: input.paused }],
        })}
        <button type="submit" class="fr-btn">${m.prefsButton}</button>
      </form>
      <p class="fr-mt-4w"><a class="fr-link" href="${base}">${m.backToFile}</a></p>`,
  };
}
