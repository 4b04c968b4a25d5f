// The portal's forms, read and checked: what the citizen typed comes back on error, and each
// error names its field (the id the error summary links to) and the message key in the citizen's
// language. Pure: the date of today and the sign-in level are handed in.
import { dataCategories, type Catalog } from '@relais/contracts';
import { many, one, type FieldError, type FormBody, type StringKey } from '@relais/web/text';
import type { Messages } from './i18n.ts';
import { reaches, STEP_UP_CATEGORIES, STEP_UP_LEVEL, type EidasLevel } from './levels.ts';
import { SECTOR_PREFIX } from '@relais/web/text';

export { many, one, type FormBody };

/** The id of the input (or the first input of the group) the summary links to, and the message. */
export type FormError = FieldError<StringKey<Messages>>;

/** What a citizen may consent to: the catalog's consent purposes, agencies and sectors. */
export interface GrantChoices {
  purposes: string[];
  agencies: Array<{ id: string; name: string }>;
  sectors: string[];
}

export function grantChoices(catalog: Catalog): GrantChoices {
  return {
    purposes: [
      ...new Set(
        catalog.subscriptions.filter((s) => s.legalBasis === 'consent').map((s) => s.purpose),
      ),
    ],
    agencies: catalog.agencies.map((a) => ({ id: a.id, name: a.name })),
    sectors: [...new Set(catalog.agencies.map((a) => a.sector))],
  };
}

export interface GrantInput {
  purpose: string;
  recipient: string;
  categories: string[];
  expires: string;
}

export interface GrantRequest {
  purpose: string;
  recipient: string;
  categories: string[];
  expiresAt?: string;
}

/** dd/mm/yyyy or yyyy-mm-dd (a date field), as yyyy-mm-dd; undefined when it is no real date. */
export function parseDay(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : fr
      ? [Number(fr[3]), Number(fr[2]), Number(fr[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || y < 1900 || y > 2200) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

export function readGrant(body: FormBody): GrantInput {
  return {
    purpose: one(body, 'purpose'),
    recipient: one(body, 'recipient'),
    categories: many(body, 'categories'),
    expires: one(body, 'expires'),
  };
}

/** The request for the consent service, or the errors in the form's order. */
export function checkGrant(
  input: GrantInput,
  choices: GrantChoices,
  context: { today: string; acr: EidasLevel },
): { request: GrantRequest } | { errors: FormError[] } {
  const errors: FormError[] = [];
  if (!choices.purposes.includes(input.purpose))
    errors.push({ field: `purpose-${choices.purposes[0] ?? ''}`, message: 'errPurpose' });
  const validRecipient = input.recipient.startsWith(SECTOR_PREFIX)
    ? choices.sectors.includes(input.recipient.slice(SECTOR_PREFIX.length))
    : choices.agencies.some((a) => a.id === input.recipient);
  if (!validRecipient) errors.push({ field: 'recipient', message: 'errRecipient' });
  const categories = dataCategories.filter((c) => input.categories.includes(c));
  if (categories.length === 0 || categories.length !== new Set(input.categories).size)
    errors.push({ field: `categories-${dataCategories[0]}`, message: 'errCategories' });
  else if (
    !reaches(context.acr, STEP_UP_LEVEL) &&
    categories.some((c) => STEP_UP_CATEGORIES.has(c))
  )
    errors.push({ field: `categories-${dataCategories[0]}`, message: 'errCategoryStepUp' });
  let expiresAt: string | undefined;
  if (input.expires) {
    const day = parseDay(input.expires);
    if (!day) errors.push({ field: 'expires', message: 'errExpiresFormat' });
    else if (day <= context.today) errors.push({ field: 'expires', message: 'errExpiresPast' });
    // Valid through that day: it ends when the next day begins (UTC).
    else expiresAt = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  }
  if (errors.length) return { errors };
  return {
    request: {
      purpose: input.purpose,
      recipient: input.recipient,
      categories,
      ...(expiresAt ? { expiresAt } : {}),
    },
  };
}

// ---- Notice preferences: @relais/web's (the counter's pages read the same form) ----

export {
  ADDRESS_LINES,
  CHANNELS,
  checkPreferences,
  preferencesInputOf,
  readPreferences,
  type Channel,
  type PreferencesInput,
  type PreferencesRequest,
} from '@relais/web/text';
