// My preferences: channels, language, e-mail, postal address, pause.
import { ADDRESS_LINES, CHANNELS, type FormError, type PreferencesInput } from '../domain/forms.ts';
import type { Messages } from '../domain/i18n.ts';
import { html, type Html } from './html.ts';
import { choiceFieldset, csrfField, errorFor, notice, textInput } from './layout.ts';

export function preferencesBody(
  m: Messages,
  o: { input: PreferencesInput; errors?: FormError[]; csrf: string; flash?: string | undefined },
): Html {
  const { input, errors } = o;
  return html`<h1>${m.prefsTitle}</h1>
    ${o.flash ? notice(o.flash) : ''}
    <p class="fr-text--lead">${m.prefsLead}</p>
    <form method="post" action="/preferences" novalidate>
      ${csrfField(o.csrf)}
      ${choiceFieldset(m, {
        id: 'channels',
        legend: m.prefsChannels,
        hint: m.prefsChannelsHint,
        type: 'checkbox',
        name: 'channels',
        items: CHANNELS.map((c) => ({
          value: c,
          label: m[`channel${c}`],
          checked: input.channels.includes(c),
        })),
        error: errorFor(errors, 'channels-PORTAL'),
      })}
      ${choiceFieldset(m, {
        id: 'language',
        legend: m.prefsLanguage,
        type: 'radio',
        name: 'language',
        items: [
          { value: 'FR', label: m.langFR, checked: input.language === 'FR' },
          { value: 'EN', label: m.langEN, checked: input.language === 'EN' },
        ],
        error: errorFor(errors, 'language-FR'),
        inline: true,
      })}
      ${textInput(m, {
        id: 'email',
        label: m.prefsEmail,
        hint: m.prefsEmailHint,
        value: input.email,
        type: 'email',
        autocomplete: 'email',
        spellcheck: false,
        error: errorFor(errors, 'email'),
      })}
      <fieldset class="fr-fieldset" aria-labelledby="postal-legend">
        <legend class="fr-fieldset__legend" id="postal-legend">
          ${m.prefsPostal}<span class="fr-hint-text">${m.prefsPostalHint}</span>
        </legend>
        <div class="fr-fieldset__element">
          ${textInput(m, { id: 'name', label: m.prefsName, value: input.name, autocomplete: 'name', error: errorFor(errors, 'name') })}
        </div>
        ${Array.from(
          { length: ADDRESS_LINES },
          (_, i) =>
            html`<div class="fr-fieldset__element">
              ${textInput(m, {
                id: `line${i + 1}`,
                label: i < 2 ? m.prefsLine(i + 1) : m.prefsLineOptional(i + 1),
                value: input.lines[i] ?? '',
                autocomplete: `address-line${Math.min(i + 1, 3)}`,
                error: errorFor(errors, `line${i + 1}`),
              })}
            </div>`,
        )}
      </fieldset>
      ${choiceFieldset(m, {
        id: 'pause',
        legend: m.prefsPause,
        hint: m.prefsPauseHint,
        type: 'checkbox',
        name: 'paused',
        items: [{ value: 'yes', label: m.prefsPauseLabel, checked: input.paused }],
      })}
      <button type="submit" class="fr-btn fr-mt-2w">${m.prefsButton}</button>
    </form>`;
}
