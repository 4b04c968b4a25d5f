// The notifier's table of errors. The HTTP status comes from the kind (the kit's one mapping);
// each error carries `notifier.<code>` as its code.
import { defineErrors, type FieldProblem } from '@relais/kit';
import type { PreferencesProblem } from './domain/preferences.ts';

/** What each missing piece of the preferences means for the caller: the field and what it needs. */
const preferencesFields: Record<PreferencesProblem, FieldProblem> = {
  'email-missing': { field: '/body/email', expected: 'an e-mail address when EMAIL is chosen' },
  'postal-address-missing': {
    field: '/body/postalAddress',
    expected: 'a postal address when POSTAL_LETTER is chosen',
  },
};
const fieldsOf = (problems: PreferencesProblem[]): FieldProblem[] =>
  problems.map((p) => preferencesFields[p]);

export const errors = defineErrors('notifier', {
  noticeNotFound: {
    kind: 'notFound',
    message: (id: string) => `notice ${id} not found`,
  },
  letterNotFound: {
    kind: 'notFound',
    message: (id: string) => `letter ${id} not found`,
  },
  preferencesIncomplete: {
    kind: 'validation',
    message: (problems: PreferencesProblem[]) =>
      fieldsOf(problems)
        .map((p) => `${p.field}: expected ${p.expected}`)
        .join('; '),
    problems: fieldsOf,
  },
  preferencesNotApplied: {
    kind: 'unavailable',
    message: () => 'preferences: written but not applied here yet; read again shortly',
  },
});
