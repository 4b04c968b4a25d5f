// A citizen's notice preferences as a form (the notifier's PUT …/notice-preferences): read and
// checked the same way on the portal's page (the citizen's own) and on the counter's (an agent
// under a mandate with the PREFERENCES scope). Each error names its field and a message key both
// faces' words have. Pure.
import { many, one, type FormBody } from './forms.ts';
import type { FieldError } from './words.ts';

/** The message keys a preferences form's errors use (each face has them in its words). */
export type PreferencesMessage =
  | 'errChannels'
  | 'errLanguage'
  | 'errEmailFormat'
  | 'errEmailMissing'
  | 'errNameMissing'
  | 'errNameLong'
  | 'errAddressLong'
  | 'errAddressMissing';

export type PreferencesError = FieldError<PreferencesMessage>;

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

/** What the form shows for preferences the notifier answered. */
export function preferencesInputOf(p: {
  channels: readonly string[];
  language: string;
  email?: string | undefined;
  postalAddress?: { name: string; lines: readonly string[] } | undefined;
  paused?: boolean | undefined;
}): PreferencesInput {
  return {
    channels: [...p.channels],
    language: p.language,
    email: p.email ?? '',
    name: p.postalAddress?.name ?? '',
    lines: [...(p.postalAddress?.lines ?? [])],
    paused: p.paused ?? false,
  };
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
): { request: PreferencesRequest } | { errors: PreferencesError[] } {
  const errors: PreferencesError[] = [];
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
