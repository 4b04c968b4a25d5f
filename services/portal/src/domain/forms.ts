// The portal's forms, read and checked: what the citizen typed comes back on error, and each
// error names its field (the id the error summary links to) and the message key in the citizen's
// language. Pure: the date of today and the sign-in level are handed in.
import { dataCategories, type Catalog } from '@relais/contracts';
import { many, one, type FieldError, type FormBody, type StringKey } from '@relais/web/text';
import type { Messages } from './i18n.ts';
import { reaches, STEP_UP_CATEGORIES, STEP_UP_LEVEL, type EidasLevel } from './levels.ts';
import { SECTOR_PREFIX } from './labels.ts';

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

// ---- Notice preferences (the notifier's PUT /v1/me/notice-preferences) ----

export const CHANNELS = ['PORTAL', 'EMAIL', 'POSTAL_LETTER'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ADDRESS_LINES = 4;
const MAX_LINE = 38;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface PreferencesInput {
  channels: string[];
  language: string;
  email: string;
  name: string;
  lines: string[];
  paused: boolean;
}

export interface PreferencesRequest {
  channels: Channel[];
  language: 'FR' | 'EN';
  email?: string;
  postalAddress?: { name: string; lines: string[] };
  paused: boolean;
}

export function readPreferences(body: FormBody): PreferencesInput {
  return {
    channels: many(body, 'channels'),
    language: one(body, 'language'),
    email: one(body, 'email'),
    name: one(body, 'name'),
    lines: Array.from({ length: ADDRESS_LINES }, (_, i) => one(body, `line${i + 1}`)),
    paused: one(body, 'paused') === 'yes',
  };
}

export function checkPreferences(
  input: PreferencesInput,
): { request: PreferencesRequest } | { errors: FormError[] } {
  const errors: FormError[] = [];
  const channels = CHANNELS.filter((c) => input.channels.includes(c));
  if (channels.length === 0 || channels.length !== new Set(input.channels).size)
    errors.push({ field: 'channels-PORTAL', message: 'errChannels' });
  if (input.language !== 'FR' && input.language !== 'EN')
    errors.push({ field: 'language-FR', message: 'errLanguage' });
  if (input.email && (!EMAIL.test(input.email) || input.email.length > 254))
    errors.push({ field: 'email', message: 'errEmailFormat' });
  else if (!input.email && channels.includes('EMAIL'))
    errors.push({ field: 'email', message: 'errEmailMissing' });
  const lines = input.lines.filter(Boolean);
  const postal = channels.includes('POSTAL_LETTER') || input.name !== '' || lines.length > 0;
  if (postal) {
    if (!input.name) errors.push({ field: 'name', message: 'errNameMissing' });
    else if (input.name.length > MAX_LINE) errors.push({ field: 'name', message: 'errNameLong' });
    const long = input.lines.findIndex((l) => l.length > MAX_LINE);
    if (long >= 0) errors.push({ field: `line${long + 1}`, message: 'errAddressLong' });
    else if (lines.length < 2)
      errors.push({ field: lines.length === 0 ? 'line1' : 'line2', message: 'errAddressMissing' });
  }
  if (errors.length) return { errors };
  return {
    request: {
      channels,
      language: input.language as 'FR' | 'EN',
      ...(input.email ? { email: input.email } : {}),
      ...(postal ? { postalAddress: { name: input.name, lines } } : {}),
      paused: input.paused,
    },
  };
}
