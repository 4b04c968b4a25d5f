// Creating a mandate with the citizen present (attestation path, dec-040): their identity as on
// their identity document (found through Relais' identity links, never stored here), the scopes,
// the duration (1, 31, 182, 365 days), the mode, and how they confirm it: the number of the
// attestation they sign, or (when the counter has a citizens' client) signing in once here.
import { mandateDurations, mandateModes, mandateScopes } from '@relais/contracts';
import { choiceFieldset, csrfField, html, textInput } from '@relais/web';
import type { FormBody, FormError } from '../domain/forms.ts';
import type { PageContext, PageOptions } from './layout.ts';

const one = (v: string | readonly string[] | undefined) =>
  typeof v === 'string' ? v : (v?.[0] ?? '');
const has = (v: string | readonly string[] | undefined, x: string) =>
  typeof v === 'string' ? v === x : (v ?? []).includes(x);

export function newMandatePage(
  ctx: PageContext,
  csrf: string,
  typed: FormBody = {},
  errors: readonly FormError[] = [],
  /** Whether the citizen may confirm by signing in on this screen (a citizens' client). */
  signInOffered = false,
): PageOptions {
  const { m } = ctx;
  const error = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? m[e.message] : undefined;
  };
  const text = (id: string, label: string, o: { hint?: string; autocomplete?: string } = {}) =>
    textInput({ id, label, value: one(typed[id]), error: error(id), ...o });
  return {
    title: m.newTitle,
    errors,
    body: html`<h1>${m.newTitle}</h1>
      <p class="fr-text--lead">${m.newLead}</p>
      <form method="post" action="/mandates" novalidate>
        ${csrfField(csrf)}
        <fieldset class="fr-fieldset" aria-labelledby="identity-legend">
          <legend class="fr-fieldset__legend" id="identity-legend">${m.identityLegend}</legend>
          <div class="fr-fieldset__element">
            ${text('given_name', m.givenName, { autocomplete: 'off' })}
          </div>
          <div class="fr-fieldset__element">
            ${text('family_name', m.familyName, { autocomplete: 'off' })}
          </div>
          <div class="fr-fieldset__element">
            ${text('birthdate', m.birthdate, { autocomplete: 'off' })}
          </div>
          <div class="fr-fieldset__element">
            ${choiceFieldset({
              id: 'gender',
              legend: m.gender,
              type: 'radio',
              name: 'gender',
              inline: true,
              error: error('gender-female'),
              items: [
                { value: 'female', label: m.female, checked: one(typed['gender']) === 'female' },
                { value: 'male', label: m.male, checked: one(typed['gender']) === 'male' },
              ],
            })}
          </div>
          <div class="fr-fieldset__element">${text('birthplace', m.birthplace)}</div>
          <div class="fr-fieldset__element">${text('birthcountry', m.birthcountry)}</div>
        </fieldset>
        ${choiceFieldset({
          id: 'scopes',
          legend: m.scopesLegend,
          type: 'checkbox',
          name: 'scopes',
          error: error('scopes-CONSENTS'),
          items: mandateScopes.map((s) => ({
            value: s,
            label: m.scopes[s] ?? s,
            checked: has(typed['scopes'], s),
          })),
        })}
        ${choiceFieldset({
          id: 'duration',
          legend: m.durationLegend,
          type: 'radio',
          name: 'duration',
          inline: true,
          error: error('duration-1'),
          items: mandateDurations.map((d) => ({
            value: String(d),
            label: m.days(d),
            checked: one(typed['duration']) === String(d),
          })),
        })}
        ${choiceFieldset({
          id: 'mode',
          legend: m.modeLegend,
          type: 'radio',
          name: 'mode',
          error: error('mode-IN_PERSON'),
          items: mandateModes.map((x) => ({
            value: x,
            label: m[x],
            checked: one(typed['mode']) === x,
          })),
        })}
        ${
          signInOffered
            ? choiceFieldset({
                id: 'confirmation',
                legend: m.confirmLegend,
                type: 'radio',
                name: 'confirmation',
                error: error('confirmation-ATTESTATION'),
                items: (['ATTESTATION', 'FRANCECONNECT'] as const).map((x) => ({
                  value: x,
                  label: m[`confirm${x}`],
                  checked: (one(typed['confirmation']) || 'ATTESTATION') === x,
                })),
              })
            : ''
        }
        ${text('attestationId', m.attestationId, { hint: m.attestationHint, autocomplete: 'off' })}
        <button class="fr-btn" type="submit">${m.create}</button>
      </form>`,
  };
}
